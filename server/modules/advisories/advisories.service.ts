/**
 * Early warnings (issue #5): the authority writes an advisory as a draft, previews which assets it
 * hits, publishes it (targets computed, the officers of each affected unit told in the app and by
 * e-mail), may withdraw it; each affected unit acknowledges and answers per asset — patched,
 * mitigated or not affected — in one step with a note and optional evidence.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type {
  AcknowledgeBody,
  Advisory,
  AdvisoryList,
  AdvisoryTargetList,
  CreateAdvisoryBody,
  EvidenceUploaded,
  ListAdvisoriesQuery,
  ListTargetsQuery,
  OrgResponseList,
  OverdueList,
  PreviewBody,
  ProductInput,
  RespondBody,
  TargetPreview,
  UpdateAdvisoryBody,
  WithdrawBody,
} from '@shared/api/advisories';
import { advisoryCode, type AdvisorySource } from '@shared/domain/advisories';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, fieldError, notFound } from '../../http/errors';
import { authorize, pathInScope } from '../../authz/scope';
import { grantRoots } from '../../authz/policies';
import { principalUserId } from '../../authz/principal';
import { record } from '../../audit/audit';
import { queryRows } from '../../db/connect';
import { inspectUpload, UPLOAD_LIMITS } from '../../files/inspect';
import { advisories, advisoryEvidence, advisoryOrgStatus, advisoryProducts, advisoryTargets, orgs, type AdvisoryRow } from '../../db/schema';
import { notifyMany } from '../notifications';
import * as repo from './advisories.repo';
import { findMatches, insertTargets, previewTargets, type RuleWithId } from './advisories.targeting';
import { presentAdvisory, presentOverdue, presentResponse, presentSummary, presentTarget } from './advisories.present';

export const MAX_EVIDENCE_BYTES = UPLOAD_LIMITS.maxBytes;

/** dd/mm/yyyy hh:mm in Vietnam, for messages. */
export function vnDateTime(d: Date | null): string {
  if (!d) return '—';
  return new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);
}

export async function listAdvisories(ctx: Ctx, q: ListAdvisoriesQuery): Promise<AdvisoryList> {
  const { items, total } = await repo.listAdvisories(ctx, q);
  const counts = await repo.countResponses(ctx, items.map((r) => r.advisory.id));
  return { items: items.map((r) => presentSummary(r.advisory, r.orgName, counts.get(r.advisory.id))), total };
}

async function found(ctx: Ctx, id: string): Promise<repo.AdvisoryWithNames> {
  const row = await repo.findAdvisory(ctx, id);
  if (!row) throw notFound();
  return row;
}

export async function getAdvisory(ctx: Ctx, id: string): Promise<Advisory> {
  const row = await found(ctx, id);
  const products = await repo.listProducts(ctx, [id]);
  const counts = await repo.countResponses(ctx, [id]);
  return presentAdvisory(ctx, row, products, counts.get(id));
}

/**
 * The organisation an author publishes under: their own (the police division PA05) when they may
 * publish there, else the top of their grants of 'advisory.publish'.
 */
async function issuerOrgId(tx: Ctx): Promise<string> {
  const p = tx.principal;
  if (p?.kind === 'user') {
    const [own] = await tx.db.select({ id: orgs.id }).from(orgs).where(and(eq(orgs.id, p.orgId), pathInScope(tx, 'advisory.publish', orgs.path)));
    if (own) return own.id;
  }
  const roots = p ? grantRoots(p, 'advisory.publish') : [];
  const top = [...roots].sort((a, b) => a.length - b.length)[0];
  const id = top?.split('/').filter((x) => x !== '').pop();
  if (!id) throw new AppError('forbidden', 'errors.forbidden');
  return id;
}

function checkDues(ackDueAt: string | null | undefined, remediationDueAt: string | null | undefined): void {
  if (ackDueAt && remediationDueAt && new Date(ackDueAt).getTime() > new Date(remediationDueAt).getTime()) {
    throw fieldError('ackDueAt', 'errors.advisories.ackAfterRemediation');
  }
}

function productValues(advisoryId: string, products: readonly ProductInput[]) {
  return products.map((p, i) => ({
    id: uuidv7(),
    advisoryId,
    sort: i,
    vendor: p.vendor ?? null,
    product: p.product,
    allVersions: p.allVersions,
    defaultStatus: p.defaultStatus,
    versions: p.versions,
  }));
}

/** Writes a draft (from the form or an import) inside a transaction; returns its id. */
export async function insertDraft(tx: Ctx, body: CreateAdvisoryBody, source: AdvisorySource = 'manual', sourceRecord: unknown = null): Promise<string> {
  const orgId = await issuerOrgId(tx);
  const id = uuidv7();
  const now = tx.clock();
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(now));
  const code = advisoryCode(year, await repo.nextSeq(tx, year));
  await tx.db.insert(advisories).values({
    id,
    orgId,
    code,
    title: body.title,
    description: body.description ?? null,
    guidance: body.guidance ?? null,
    severity: body.severity,
    cvssScore: body.cvssScore ?? null,
    cvssVector: body.cvssVector ?? null,
    cveIds: [...new Set(body.cveIds ?? [])],
    tlp: body.tlp ?? 'clear',
    knownExploited: body.knownExploited ?? false,
    ackDueAt: body.ackDueAt ? new Date(body.ackDueAt) : null,
    remediationDueAt: body.remediationDueAt ? new Date(body.remediationDueAt) : null,
    source,
    sourceRecord,
    createdBy: principalUserId(tx.principal),
    createdAt: now,
    updatedAt: now,
  });
  await tx.db.insert(advisoryProducts).values(productValues(id, body.products));
  await record(tx, {
    action: 'advisory.created',
    entityType: 'advisory',
    entityId: id,
    orgId,
    after: { code, title: body.title, severity: body.severity, tlp: body.tlp ?? 'clear', cveIds: body.cveIds ?? [], source, products: body.products },
  });
  return id;
}

export async function createAdvisory(ctx: Ctx, body: CreateAdvisoryBody): Promise<Advisory> {
  checkDues(body.ackDueAt, body.remediationDueAt);
  const id = await withTx(ctx, (tx) => insertDraft(tx, body));
  return getAdvisory(ctx, id);
}

/** A draft the actor may edit, locked for the write. */
async function editable(tx: Ctx, row: repo.AdvisoryWithNames, expected: AdvisoryRow['status']): Promise<void> {
  authorize(tx, 'advisory.publish', { orgPath: row.orgPath });
  const locked = await repo.lockAdvisory(tx, row.advisory.id);
  if (!locked) throw notFound();
  if (locked.status !== expected) throw new AppError('invalid_state', expected === 'draft' ? 'errors.advisories.notDraft' : 'errors.advisories.notPublished');
}

export async function updateAdvisory(ctx: Ctx, id: string, body: UpdateAdvisoryBody): Promise<Advisory> {
  const row = await found(ctx, id);
  authorize(ctx, 'advisory.publish', { orgPath: row.orgPath });
  const a = row.advisory;
  checkDues(body.ackDueAt === undefined ? a.ackDueAt?.toISOString() : body.ackDueAt, body.remediationDueAt === undefined ? a.remediationDueAt?.toISOString() : body.remediationDueAt);
  await withTx(ctx, async (tx) => {
    await editable(tx, row, 'draft');
    const set: Partial<AdvisoryRow> = { updatedAt: tx.clock() };
    if (body.title !== undefined) set.title = body.title;
    if (body.description !== undefined) set.description = body.description;
    if (body.guidance !== undefined) set.guidance = body.guidance;
    if (body.severity !== undefined) set.severity = body.severity;
    if (body.cvssScore !== undefined) set.cvssScore = body.cvssScore;
    if (body.cvssVector !== undefined) set.cvssVector = body.cvssVector;
    if (body.cveIds !== undefined) set.cveIds = [...new Set(body.cveIds)];
    if (body.tlp !== undefined) set.tlp = body.tlp;
    if (body.knownExploited !== undefined) set.knownExploited = body.knownExploited;
    if (body.ackDueAt !== undefined) set.ackDueAt = body.ackDueAt ? new Date(body.ackDueAt) : null;
    if (body.remediationDueAt !== undefined) set.remediationDueAt = body.remediationDueAt ? new Date(body.remediationDueAt) : null;
    await tx.db.update(advisories).set(set).where(eq(advisories.id, id));
    if (body.products) {
      await tx.db.delete(advisoryProducts).where(eq(advisoryProducts.advisoryId, id));
      await tx.db.insert(advisoryProducts).values(productValues(id, body.products));
    }
    await record(tx, { action: 'advisory.updated', entityType: 'advisory', entityId: id, orgId: a.orgId, after: { ...body } });
  });
  return getAdvisory(ctx, id);
}

function rulesOf(products: readonly ProductInput[]): RuleWithId[] {
  return products.map((p) => ({ id: null, vendor: p.vendor, product: p.product, allVersions: p.allVersions, defaultStatus: p.defaultStatus, versions: p.versions }));
}

/** What publishing these products would hit (nothing is written). */
export async function previewProducts(ctx: Ctx, body: PreviewBody): Promise<TargetPreview> {
  return previewTargets(ctx, rulesOf(body.products));
}

/** What publishing a saved draft would hit. */
export async function previewAdvisory(ctx: Ctx, id: string): Promise<TargetPreview> {
  const row = await found(ctx, id);
  authorize(ctx, 'advisory.publish', { orgPath: row.orgPath });
  const products = await repo.listProducts(ctx, [id]);
  return previewTargets(ctx, products);
}

/**
 * Publishes a draft: both due dates are required (the overdue view and the reminders run from them),
 * targets are computed and every affected unit's officers are told.
 */
export async function publishAdvisory(ctx: Ctx, id: string): Promise<Advisory> {
  const row = await found(ctx, id);
  authorize(ctx, 'advisory.publish', { orgPath: row.orgPath });
  const a = row.advisory;
  if (!a.ackDueAt) throw fieldError('ackDueAt', 'errors.advisories.dueRequired');
  if (!a.remediationDueAt) throw fieldError('remediationDueAt', 'errors.advisories.dueRequired');
  if (a.remediationDueAt.getTime() <= ctx.clock().getTime()) throw fieldError('remediationDueAt', 'errors.advisories.dueInPast');
  const products = await repo.listProducts(ctx, [id]);
  if (products.length === 0) throw fieldError('products', 'validation.tooFewItems', { min: 1 });
  await withTx(ctx, async (tx) => {
    await editable(tx, row, 'draft');
    const now = tx.clock();
    const matches = await findMatches(tx, products);
    const hit = await insertTargets(tx, id, products, matches);
    await tx.db.update(advisories).set({ status: 'published', publishedAt: now, publishedBy: principalUserId(tx.principal), updatedAt: now }).where(eq(advisories.id, id));
    const orgRows = await queryRows(
      tx.db,
      sql`SELECT s.org_id, o.path, o.name, (SELECT count(*)::int FROM advisory_targets t WHERE t.advisory_id = s.advisory_id AND t.org_id = s.org_id) AS n
            FROM advisory_org_status s JOIN orgs o ON o.id = s.org_id WHERE s.advisory_id = ${id} ORDER BY o.path`,
    );
    const affected = new Map(orgRows.map((o) => [String(o.org_id), { name: String(o.name), assets: Number(o.n) }]));
    const common = { code: a.code, title: a.title, ackDue: vnDateTime(a.ackDueAt), remediationDue: vnDateTime(a.remediationDueAt) };
    // Each officer once: about their unit, or about the units under them that are hit (a district's
    // or the province's officer gets one notice for all of them, not one per commune).
    await notifyMany(tx, {
      action: 'advisory.respond',
      orgs: orgRows.map((o) => ({ id: String(o.org_id), path: String(o.path) })),
      subjectType: 'advisory',
      subjectId: id,
      link: `/advisories/${id}`,
      message: (covered) => {
        const first = covered[0] as string;
        const count = covered.reduce((n, orgId) => n + (affected.get(orgId)?.assets ?? 0), 0);
        return covered.length === 1
          ? { kind: 'advisory.published', orgId: first, params: { ...common, count, org: affected.get(first)?.name ?? '' } }
          : { kind: 'advisory.publishedMany', orgId: first, params: { ...common, count, orgs: covered.length } };
      },
    });
    await record(tx, {
      action: 'advisory.published',
      entityType: 'advisory',
      entityId: id,
      orgId: a.orgId,
      after: { code: a.code, targets: hit.systems + hit.endpoints, orgs: orgRows.length, systems: hit.systems, computers: hit.endpoints },
    });
  });
  return getAdvisory(ctx, id);
}

export async function withdrawAdvisory(ctx: Ctx, id: string, body: WithdrawBody): Promise<Advisory> {
  const row = await found(ctx, id);
  authorize(ctx, 'advisory.publish', { orgPath: row.orgPath });
  await withTx(ctx, async (tx) => {
    await editable(tx, row, 'published');
    const now = tx.clock();
    await tx.db
      .update(advisories)
      .set({ status: 'withdrawn', withdrawnAt: now, withdrawnBy: principalUserId(tx.principal), withdrawReason: body.reason, updatedAt: now })
      .where(eq(advisories.id, id));
    await record(tx, { action: 'advisory.withdrawn', entityType: 'advisory', entityId: id, orgId: row.advisory.orgId, after: { reason: body.reason } });
  });
  return getAdvisory(ctx, id);
}

const dueOf = (a: AdvisoryRow) => ({ ackDueAt: a.ackDueAt, remediationDueAt: a.remediationDueAt, published: a.status === 'published' });

export async function listTargets(ctx: Ctx, id: string, q: ListTargetsQuery): Promise<AdvisoryTargetList> {
  const row = await found(ctx, id);
  const { items, total } = await repo.listTargets(ctx, id, q);
  return { items: items.map((r) => presentTarget(ctx, r, dueOf(row.advisory))), total };
}

export async function listResponses(ctx: Ctx, id: string): Promise<OrgResponseList> {
  await found(ctx, id);
  const rows = await repo.listResponses(ctx, id);
  return { items: rows.map(presentResponse), total: rows.length };
}

export async function listOverdue(ctx: Ctx, advisoryId?: string): Promise<OverdueList> {
  if (advisoryId) await found(ctx, advisoryId);
  const rows = await repo.listOverdue(ctx, advisoryId);
  return { items: rows.map(presentOverdue), total: rows.length };
}

function published(row: repo.AdvisoryWithNames): void {
  if (row.advisory.status !== 'published') throw new AppError('invalid_state', 'errors.advisories.notPublished');
}

/** The unit acknowledges the advisory (for the given affected organisations, or all it answers for). */
export async function acknowledgeAdvisory(ctx: Ctx, id: string, body: AcknowledgeBody): Promise<Advisory> {
  const row = await found(ctx, id);
  published(row);
  const mine = await repo.respondableOrgs(ctx, id);
  if (mine.length === 0) throw new AppError('invalid_state', 'errors.advisories.notTargeted');
  let chosen = mine;
  if (body.orgIds) {
    const wanted = new Set(body.orgIds);
    chosen = mine.filter((o) => wanted.has(String(o.org_id)));
    if (chosen.length !== wanted.size) throw notFound();
  }
  const orgIds = chosen.filter((o) => o.acknowledged_at === null).map((o) => String(o.org_id));
  await withTx(ctx, async (tx) => {
    const now = tx.clock();
    const userId = principalUserId(tx.principal);
    for (const o of chosen) authorize(tx, 'advisory.respond', { orgPath: String(o.org_path) });
    if (orgIds.length > 0) {
      await tx.db
        .update(advisoryOrgStatus)
        .set({ acknowledgedAt: now, acknowledgedBy: userId })
        .where(and(eq(advisoryOrgStatus.advisoryId, id), inArray(advisoryOrgStatus.orgId, orgIds), isNull(advisoryOrgStatus.acknowledgedAt)));
      await tx.db
        .update(advisoryTargets)
        .set({ status: 'acknowledged', actedAt: now, actedBy: userId })
        .where(and(eq(advisoryTargets.advisoryId, id), inArray(advisoryTargets.orgId, orgIds), eq(advisoryTargets.status, 'pending')));
    }
    for (const orgId of orgIds) {
      await record(tx, { action: 'advisory.acknowledged', entityType: 'advisory', entityId: id, orgId, after: { code: row.advisory.code } });
    }
  });
  return getAdvisory(ctx, id);
}

/**
 * Answers for assets in one step: patched or mitigated (status remediated) or not affected, with a
 * note and optional evidence (uploaded first). Answering also acknowledges for the unit.
 */
export async function respondTargets(ctx: Ctx, id: string, body: RespondBody): Promise<Advisory> {
  const row = await found(ctx, id);
  published(row);
  if (body.resolution === 'not_affected' && !body.note) throw fieldError('note', 'errors.advisories.noteRequired');
  const ids = [...new Set(body.targetIds)];
  await withTx(ctx, async (tx) => {
    const rows = await repo.lockTargets(tx, id, ids);
    if (rows.length !== ids.length) throw notFound();
    for (const t of rows) authorize(tx, 'advisory.respond', { orgPath: String(t.org_path) });
    if (body.evidenceId) {
      const ev = await repo.findEvidence(tx, id, body.evidenceId);
      if (!ev) throw fieldError('evidenceId', 'errors.advisories.unknownEvidence');
    }
    const now = tx.clock();
    const userId = principalUserId(tx.principal);
    const status = body.resolution === 'not_affected' ? 'not_affected' : 'remediated';
    await tx.db
      .update(advisoryTargets)
      .set({ status, resolution: body.resolution, note: body.note ?? null, evidenceId: body.evidenceId ?? null, actedAt: now, actedBy: userId })
      .where(and(eq(advisoryTargets.advisoryId, id), inArray(advisoryTargets.id, ids)));
    const orgIds = [...new Set(rows.map((t) => String(t.org_id)))];
    await tx.db
      .update(advisoryOrgStatus)
      .set({ acknowledgedAt: now, acknowledgedBy: userId })
      .where(and(eq(advisoryOrgStatus.advisoryId, id), inArray(advisoryOrgStatus.orgId, orgIds), isNull(advisoryOrgStatus.acknowledgedAt)));
    for (const orgId of orgIds) {
      const mine = rows.filter((t) => String(t.org_id) === orgId);
      await record(tx, {
        action: 'advisory.responded',
        entityType: 'advisory',
        entityId: id,
        orgId,
        before: { targets: mine.map((t) => ({ id: String(t.id), status: String(t.status) })) },
        after: { status, resolution: body.resolution, note: body.note ?? null, evidenceId: body.evidenceId ?? null, targets: mine.length },
      });
    }
  });
  return getAdvisory(ctx, id);
}

/** Stores an evidence file for the unit's answer (the type decided from the content). */
export async function addEvidence(ctx: Ctx, id: string, fileName: string, data: Buffer): Promise<EvidenceUploaded> {
  const row = await found(ctx, id);
  published(row);
  const mine = await repo.respondableOrgs(ctx, id);
  const org = [...mine].sort((x, y) => String(x.org_path).length - String(y.org_path).length)[0];
  if (!org) throw new AppError('invalid_state', 'errors.advisories.notTargeted');
  const verdict = await inspectUpload(data, fileName);
  if (!verdict.ok) throw fieldError('file', `upload.${verdict.reason}`, { fileName: fileName.slice(0, 100), maxMb: Math.round(MAX_EVIDENCE_BYTES / 1048576), ...verdict.params });
  const safeName = [...fileName].map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 32 ? '_' : ch)).join('').slice(0, 255);
  const evidenceId = uuidv7();
  const orgId = String(org.org_id);
  await withTx(ctx, async (tx) => {
    authorize(tx, 'advisory.respond', { orgPath: String(org.org_path) });
    await tx.db.insert(advisoryEvidence).values({
      id: evidenceId,
      advisoryId: id,
      orgId,
      fileName: safeName,
      mediaType: verdict.mediaType,
      sizeBytes: data.length,
      sha256: verdict.sha256,
      content: data,
      createdBy: principalUserId(tx.principal),
      createdAt: tx.clock(),
    });
    await record(tx, {
      action: 'advisory.evidence_added',
      entityType: 'advisory',
      entityId: id,
      orgId,
      after: { evidenceId, fileName: safeName, mediaType: verdict.mediaType, sizeBytes: data.length, sha256: verdict.sha256 },
    });
  });
  return { id: evidenceId, fileName: safeName, mediaType: verdict.mediaType, sizeBytes: data.length };
}

export async function getEvidence(ctx: Ctx, id: string, evidenceId: string) {
  await found(ctx, id);
  const e = await repo.getEvidence(ctx, id, evidenceId);
  if (!e) throw notFound();
  return e;
}
