/**
 * POST /api/alerts/wazuh — Wazuh alerts posted by a Wazuh integration (an `<integration>` named
 * `custom-khien` in the manager's ossec.conf, `<alert_format>json</alert_format>`, whose script posts
 * the alert file's JSON with `Authorization: Bearer khn_…` of an API token holding alert.ingest).
 *
 * Body: one alert object, an array of alerts, or NDJSON (one alert per line, content-type
 * application/x-ndjson — e.g. lines of alerts.json forwarded in bulk). At most MAX_BODY bytes and
 * MAX_ALERTS alerts. Each malformed alert is refused with its reason and counted; the rest are stored.
 * The reply comes after the stored alerts are committed.
 */
import type { FastifyError, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { normaliseWazuhAlert, MAX_ALERT_BYTES, type NormalisedAlert } from '@shared/domain/alerts';
import { IntakeReply } from '@shared/api/soc';
import { AppError } from '../../http/errors';
import { translator } from '../../http/i18n';
import type { AlertWriter } from './alert-writer';

export const MAX_BODY = 1_048_576;
export const MAX_ALERTS = 1000;

declare module 'fastify' {
  interface FastifyInstance {
    /** The one alert writer (group commit), shared by this route and the syslog listener. */
    alerts: AlertWriter;
  }
}

/** The token's prefix from `khn_<prefix>_<secret>`, to label refused senders without storing secrets. */
function claimedToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string' || !h.startsWith('Bearer ')) return null;
  const m = /^khn_([0-9a-f]{1,16})_/.exec(h.slice(7).trim());
  return m ? `token?:${m[1]}` : 'token?:(malformed)';
}

function senderLabel(req: FastifyRequest): string {
  const p = req.ctx?.principal;
  if (p?.kind === 'token') return `token:${p.name}`.slice(0, 255);
  return claimedToken(req) ?? `ip:${req.ip}`;
}

type Parsed = { ok: true; items: { index: number; value: unknown }[]; failed: { index: number; reason: string; sample: string }[] } | { ok: false; reason: string };

/** Splits the body into alerts: JSON (object or array), or NDJSON lines. */
export function splitBody(text: string, contentType: string | undefined): Parsed {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, reason: 'empty_body' };
  const ndjson = /ndjson|jsonl|json-seq/i.test(contentType ?? '');
  if (!ndjson) {
    try {
      const v: unknown = JSON.parse(trimmed);
      const list = Array.isArray(v) ? v : [v];
      if (list.length > MAX_ALERTS) return { ok: false, reason: 'too_many' };
      return { ok: true, items: list.map((value, index) => ({ index, value })), failed: [] };
    } catch {
      // Not one JSON document: lines of JSON (alerts.json forwarded as it is) are accepted too.
      if (!trimmed.includes('\n')) return { ok: false, reason: 'malformed_json' };
    }
  }
  const lines = trimmed.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length > MAX_ALERTS) return { ok: false, reason: 'too_many' };
  const items: { index: number; value: unknown }[] = [];
  const failed: { index: number; reason: string; sample: string }[] = [];
  lines.forEach((line, index) => {
    if (line.length > MAX_ALERT_BYTES) {
      failed.push({ index, reason: 'too_large', sample: line.slice(0, 200) });
      return;
    }
    try {
      items.push({ index, value: JSON.parse(line) });
    } catch {
      failed.push({ index, reason: 'malformed_json', sample: line.slice(0, 200) });
    }
  });
  return { ok: true, items, failed };
}

export const alertIntakeRoutes: FastifyPluginAsync = async (app) => {
  // This route reads its body itself (JSON, an array or NDJSON; bad JSON is an answer, not a crash).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_BODY }, (_req, body, done) => {
    done(null, body);
  });

  // Refused requests are counted: oversized bodies, unknown or revoked tokens, tokens without
  // alert.ingest. Callers without any credentials are simply refused (401).
  app.addHook('onError', async (req, _reply, err: FastifyError | AppError) => {
    const code = 'code' in err ? err.code : undefined;
    let reason: string | null = null;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') reason = 'too_large';
    else if (err instanceof AppError && err.messageKey === 'errors.auth.tokenInvalid') reason = 'unknown_token';
    else if (err instanceof AppError && err.code === 'forbidden' && req.ctx?.principal?.kind === 'token') reason = 'not_allowed';
    else if (err instanceof AppError && (err.messageKey === 'errors.soc.malformedBody' || err.messageKey === 'errors.soc.tooManyAlerts')) reason = null; // counted by the handler
    if (!reason) return;
    const p = req.ctx?.principal;
    app.alerts.reject({ channel: 'wazuh', reason, source: senderLabel(req), orgId: p?.kind === 'token' ? p.orgId : null });
  });

  app.post(
    '/',
    {
      config: { action: 'alert.ingest' },
      bodyLimit: MAX_BODY,
      schema: {
        tags: ['alerts'],
        summary: 'Nhận cảnh báo Wazuh (một đối tượng, một mảng hoặc NDJSON)',
        security: [{ token: [] }],
        response: { 200: IntakeReply },
      },
    },
    async (req) => {
      const p = req.ctx.principal;
      if (p?.kind !== 'token') throw new AppError('forbidden', 'errors.soc.tokenOnly');
      const source = senderLabel(req);
      const text = typeof req.body === 'string' ? req.body : '';
      const parsed = splitBody(text, req.headers['content-type']);
      if (!parsed.ok) {
        app.alerts.reject({ channel: 'wazuh', reason: parsed.reason, source, sample: text.slice(0, 200), orgId: p.orgId });
        throw new AppError('validation', parsed.reason === 'too_many' ? 'errors.soc.tooManyAlerts' : 'errors.soc.malformedBody', { max: MAX_ALERTS, reason: parsed.reason });
      }
      const now = req.ctx.clock();
      const good: NormalisedAlert[] = [];
      const rejected: { index: number; reason: string }[] = parsed.failed.map((f) => ({ index: f.index, reason: f.reason }));
      for (const f of parsed.failed) app.alerts.reject({ channel: 'wazuh', reason: f.reason, source, sample: f.sample, orgId: p.orgId });
      for (const { index, value } of parsed.items) {
        const r = normaliseWazuhAlert(value, now);
        if (r.ok) good.push(r.alert);
        else {
          rejected.push({ index, reason: r.reason });
          app.alerts.reject({ channel: 'wazuh', reason: r.reason, source, sample: (JSON.stringify(value) ?? '').slice(0, 200), orgId: p.orgId });
        }
      }
      const { stored, duplicates } = await app.alerts.submit(good, { orgId: p.orgId, orgPath: p.orgPath, channel: 'wazuh', sourceId: p.tokenId });
      const t = translator(req.ctx.locale);
      rejected.sort((a, b) => a.index - b.index);
      return { stored, duplicates, rejected: rejected.map((r) => ({ ...r, message: t(`soc.reject.${r.reason}`) })) };
    },
  );
};
