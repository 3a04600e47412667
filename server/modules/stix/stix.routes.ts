import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { FastifyReply } from 'fastify';
import { IdParams } from '@shared/api/common';
import { STIX_MEDIA_TYPE, StixPeriodQuery } from '@shared/api/stix';
import { contentDisposition } from '../../http/content-disposition';
import { loadIncidentForStix } from '../incidents';
import { loadAdvisoryForStix } from '../advisories';
import * as svc from './stix.service';

/** The bundle as a download; sent as bytes so that the media type goes out exactly as STIX names it. */
function download(reply: FastifyReply, file: svc.StixDownload) {
  return reply
    .header('content-type', STIX_MEDIA_TYPE)
    .header('content-disposition', contentDisposition(file.fileName))
    .send(Buffer.from(file.body, 'utf8'));
}

/**
 * STIX 2.1 bundles for the National Cyber Security Center (issue #5). Sharing an incident needs
 * incident.share (police analysts, responders, and API tokens given it, so the national centre can
 * pull); an advisory is shared with whoever may read it.
 */
export const stixRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['stix'];
  const share = { action: 'incident.share' } as const;

  app.get(
    '/incidents/:id',
    { config: share, schema: { tags, summary: 'Xuất một sự cố dạng STIX 2.1 (gói bundle) để chia sẻ với Trung tâm an ninh mạng quốc gia', params: IdParams } },
    async (req, reply) => download(reply, await svc.exportIncident(req.ctx, req.params.id, loadIncidentForStix)),
  );
  app.get(
    '/incidents',
    { config: share, schema: { tags, summary: 'Xuất các sự cố phát hiện trong một khoảng ngày dạng STIX 2.1', querystring: StixPeriodQuery } },
    async (req, reply) => download(reply, await svc.exportIncidentsInPeriod(req.ctx, req.query, loadIncidentForStix)),
  );
  app.get(
    '/advisories/:id',
    { config: { action: 'advisory.read' }, schema: { tags, summary: 'Xuất một cảnh báo sớm dạng STIX 2.1 (báo cáo, lỗ hổng, hướng dẫn xử lý)', params: IdParams } },
    async (req, reply) => download(reply, await svc.exportAdvisory(req.ctx, req.params.id, loadAdvisoryForStix)),
  );
};
