import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { IdParams } from '@shared/api/common';
import {
  AddMemberBody,
  AlertParams,
  ClosingReportBody,
  CommentBody,
  DeadlineRule,
  DeadlineRuleList,
  DeadlineRuleParams,
  EvidenceParams,
  Incident,
  IncidentList,
  IndicatorBody,
  IndicatorParams,
  LinkAlertsBody,
  LinkSystemBody,
  ListIncidentsQuery,
  MemberParams,
  ReportIncidentBody,
  ResponderList,
  SendReportBody,
  SystemParams,
  TransitionBody,
  TransitionParams,
  UpdateDeadlineRuleBody,
  UpdateIncidentBody,
  UpdateIndicatorBody,
} from '@shared/api/incidents';
import { RegimeQuery } from '@shared/api/legal';
import { fieldError } from '../../http/errors';
import { contentDisposition } from '../../http/content-disposition';
import * as svc from './incidents.service';
import * as cases from './incidents-case';
import * as files from './incidents-evidence';
import * as deadlines from './incidents-deadlines';

/**
 * Incidents (issue #5). The gate actions: 'incident.report' for the steps both sides take (every
 * holder of incident.respond holds it too), 'incident.respond' for the response team's; the service
 * decides on the incident's unit and state.
 */
export const incidentRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['incidents'];
  const read = { action: 'incident.read' } as const;
  const report = { action: 'incident.report' } as const;
  const respond = { action: 'incident.respond' } as const;

  // Deadline rules (data keyed by regime).
  app.get(
    '/deadline-rules',
    { config: read, schema: { tags, summary: 'Thời hạn báo cáo sự cố theo chế độ pháp lý', querystring: RegimeQuery, response: { 200: DeadlineRuleList } } },
    (req) => deadlines.listDeadlineRules(req.ctx, req.query.regime),
  );
  app.patch(
    '/deadline-rules/:code',
    { config: { action: 'legal.manage' }, schema: { tags, summary: 'Sửa một thời hạn báo cáo sự cố', params: DeadlineRuleParams, body: UpdateDeadlineRuleBody, response: { 200: DeadlineRule } } },
    (req) => deadlines.updateDeadlineRule(req.ctx, req.params.code, req.body),
  );

  app.get('/', { config: read, schema: { tags, summary: 'Danh sách sự cố', querystring: ListIncidentsQuery, response: { 200: IncidentList } } }, (req) =>
    svc.listIncidents(req.ctx, req.query),
  );
  app.post('/', { config: report, schema: { tags, summary: 'Báo cáo sự cố', body: ReportIncidentBody, response: { 200: Incident } } }, (req) =>
    svc.reportIncident(req.ctx, req.body),
  );
  app.get('/:id', { config: read, schema: { tags, summary: 'Hồ sơ một sự cố', params: IdParams, response: { 200: Incident } } }, (req) => svc.getIncident(req.ctx, req.params.id));
  app.patch(
    '/:id',
    { config: respond, schema: { tags, summary: 'Phân loại lại sự cố (loại, mức độ, dấu hiệu, TLP)', params: IdParams, body: UpdateIncidentBody, response: { 200: Incident } } },
    (req) => svc.updateIncident(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/:id/transitions/:transition',
    { config: respond, schema: { tags, summary: 'Chuyển bước xử lý sự cố', params: TransitionParams, body: TransitionBody, response: { 200: Incident } } },
    (req) => svc.transitionIncident(req.ctx, req.params.id, req.params.transition, req.body),
  );
  app.put(
    '/:id/closing-report',
    { config: respond, schema: { tags, summary: 'Báo cáo kết thúc: nguyên nhân, phạm vi, khắc phục, bài học', params: IdParams, body: ClosingReportBody, response: { 200: Incident } } },
    (req) => svc.saveClosingReport(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/:id/reports',
    { config: report, schema: { tags, summary: 'Gửi báo cáo (cập nhật, 72 giờ, kết thúc ứng phó…)', params: IdParams, body: SendReportBody, response: { 200: Incident } } },
    (req) => svc.sendReport(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/:id/comments',
    { config: report, schema: { tags, summary: 'Ghi diễn biến vào dòng thời gian', params: IdParams, body: CommentBody, response: { 200: Incident } } },
    (req) => cases.addComment(req.ctx, req.params.id, req.body.body),
  );

  // Members.
  app.get('/:id/responders', { config: read, schema: { tags, summary: 'Người có thể tham gia ứng cứu', params: IdParams, response: { 200: ResponderList } } }, (req) =>
    cases.listResponders(req.ctx, req.params.id),
  );
  app.post('/:id/members', { config: respond, schema: { tags, summary: 'Phân công thành viên', params: IdParams, body: AddMemberBody, response: { 200: Incident } } }, (req) =>
    cases.addMember(req.ctx, req.params.id, req.body),
  );
  app.delete('/:id/members/:userId', { config: respond, schema: { tags, summary: 'Rút thành viên khỏi vụ việc', params: MemberParams, response: { 200: Incident } } }, (req) =>
    cases.removeMember(req.ctx, req.params.id, req.params.userId),
  );

  // Indicators.
  app.post('/:id/indicators', { config: report, schema: { tags, summary: 'Thêm dấu hiệu nhận biết (IOC)', params: IdParams, body: IndicatorBody, response: { 200: Incident } } }, (req) =>
    cases.addIndicator(req.ctx, req.params.id, req.body),
  );
  app.patch(
    '/:id/indicators/:indicatorId',
    { config: report, schema: { tags, summary: 'Sửa mô tả, thời điểm thấy của IOC', params: IndicatorParams, body: UpdateIndicatorBody, response: { 200: Incident } } },
    (req) => cases.updateIndicator(req.ctx, req.params.id, req.params.indicatorId, req.body),
  );
  app.delete('/:id/indicators/:indicatorId', { config: respond, schema: { tags, summary: 'Xóa một IOC', params: IndicatorParams, response: { 200: Incident } } }, (req) =>
    cases.deleteIndicator(req.ctx, req.params.id, req.params.indicatorId),
  );

  // Linked systems and alerts.
  app.post('/:id/systems', { config: report, schema: { tags, summary: 'Gắn hệ thống bị ảnh hưởng', params: IdParams, body: LinkSystemBody, response: { 200: Incident } } }, (req) =>
    cases.linkSystem(req.ctx, req.params.id, req.body.systemId),
  );
  app.delete('/:id/systems/:systemId', { config: respond, schema: { tags, summary: 'Gỡ hệ thống khỏi sự cố', params: SystemParams, response: { 200: Incident } } }, (req) =>
    cases.unlinkSystem(req.ctx, req.params.id, req.params.systemId),
  );
  app.post('/:id/alerts', { config: respond, schema: { tags, summary: 'Gắn cảnh báo SOC vào sự cố', params: IdParams, body: LinkAlertsBody, response: { 200: Incident } } }, (req) =>
    cases.linkAlerts(req.ctx, req.params.id, req.body.alertIds),
  );
  app.delete('/:id/alerts/:alertId', { config: respond, schema: { tags, summary: 'Gỡ cảnh báo khỏi sự cố', params: AlertParams, response: { 200: Incident } } }, (req) =>
    cases.unlinkAlert(req.ctx, req.params.id, req.params.alertId),
  );

  // Evidence.
  app.post(
    '/:id/evidence',
    { config: report, schema: { tags, summary: 'Đính kèm chứng cứ (ảnh, PDF, DOCX, XLSX…)', params: IdParams, consumes: ['multipart/form-data'], response: { 200: Incident } } },
    async (req) => {
      const file = req.isMultipart() ? await req.file({ limits: { fileSize: files.MAX_EVIDENCE_BYTES, files: 1 } }) : undefined;
      if (!file || file.fieldname !== 'file') throw fieldError('file', 'validation.required');
      await files.addEvidence(req.ctx, req.params.id, file.filename, await file.toBuffer());
      return svc.getIncident(req.ctx, req.params.id);
    },
  );
  app.get('/:id/evidence/:evidenceId', { config: read, schema: { tags, summary: 'Tải chứng cứ', params: EvidenceParams } }, async (req, reply) => {
    const e = await files.getEvidence(req.ctx, req.params.id, req.params.evidenceId);
    return reply
      .header('content-type', e.mediaType)
      .header('content-disposition', contentDisposition(e.fileName))
      .header('x-content-sha256', e.sha256)
      .send(e.content);
  });
};
