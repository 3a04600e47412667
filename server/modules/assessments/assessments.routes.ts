import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { Id, IdParams, Ok } from '@shared/api/common';
import {
  Assessment,
  AssessmentList,
  AssessmentSchedule,
  AssessmentScheduleList,
  CompleteAssessmentBody,
  CreateAssessmentBody,
  DueList,
  DueQuery,
  EvidenceParams,
  ListAssessmentsQuery,
  Requirement,
  RequirementCatalogueList,
  RequirementList,
  RequirementsQuery,
  ScheduleParams,
  UpdateAssessmentBody,
  UpdateRequirementBody,
  UpdateScheduleBody,
} from '@shared/api/assessments';
import type { RouteAction } from '../../http/auth-plugin';
import { fieldError } from '../../http/errors';
import { contentDisposition } from '../../http/content-disposition';
import * as svc from './assessments.service';
import * as rules from './assessments-rules';
import * as files from './assessments-evidence';

/**
 * Writes are open to every reader of assessments at the plugin: which action they need depends on
 * the assessment's kind (a self-assessment needs 'assessment.perform', an inspection
 * 'inspection.record', on the system's unit), which the service checks on the row.
 */
const WRITE_GATE: RouteAction = 'assessment.read';

/** Self-assessments and inspections against the requirements of a system's level (issue #3). */
export const assessmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['assessments'];
  const read = { action: 'assessment.read' } as const;
  const manage = { action: 'legal.manage' } as const;

  // Rule data: catalogues, requirements by level, periods.
  app.get('/catalogues', { config: read, schema: { tags, summary: 'Bộ yêu cầu an toàn theo chế độ pháp lý', response: { 200: RequirementCatalogueList } } }, (req) =>
    rules.listCatalogues(req.ctx),
  );
  app.get(
    '/requirements',
    { config: read, schema: { tags, summary: 'Danh mục yêu cầu của một cấp độ', querystring: RequirementsQuery, response: { 200: RequirementList } } },
    (req) => rules.listRequirements(req.ctx, req.query),
  );
  app.patch(
    '/requirements/:id',
    { config: manage, schema: { tags, summary: 'Sửa một yêu cầu', params: IdParams, body: UpdateRequirementBody, response: { 200: Requirement } } },
    (req) => rules.updateRequirement(req.ctx, req.params.id, req.body),
  );
  app.get('/schedules', { config: read, schema: { tags, summary: 'Chu kỳ đánh giá theo cấp độ', response: { 200: AssessmentScheduleList } } }, (req) =>
    rules.listSchedules(req.ctx),
  );
  app.patch(
    '/schedules/:regime/:levelMin',
    { config: manage, schema: { tags, summary: 'Sửa chu kỳ đánh giá', params: ScheduleParams, body: UpdateScheduleBody, response: { 200: AssessmentSchedule } } },
    (req) => rules.updateSchedule(req.ctx, req.params.regime, req.params.levelMin, req.body),
  );
  app.get(
    '/due',
    { config: read, schema: { tags, summary: 'Hệ thống đến hạn, quá hạn hoặc chưa từng đánh giá', querystring: DueQuery, response: { 200: DueList } } },
    (req) => rules.listDue(req.ctx, req.query),
  );

  // Assessments.
  app.get('/', { config: read, schema: { tags, summary: 'Danh sách đánh giá, kiểm tra', querystring: ListAssessmentsQuery, response: { 200: AssessmentList } } }, (req) =>
    svc.listAssessments(req.ctx, req.query),
  );
  app.post(
    '/',
    { config: { action: WRITE_GATE }, schema: { tags, summary: 'Bắt đầu tự đánh giá hoặc kiểm tra', body: CreateAssessmentBody, response: { 200: Assessment } } },
    (req) => svc.createAssessment(req.ctx, req.body),
  );
  app.get('/:id', { config: read, schema: { tags, summary: 'Một lần đánh giá, kiểm tra', params: IdParams, response: { 200: Assessment } } }, (req) =>
    svc.getAssessment(req.ctx, req.params.id),
  );
  app.patch(
    '/:id',
    { config: { action: WRITE_GATE }, schema: { tags, summary: 'Ghi kết quả từng yêu cầu (bản nháp)', params: IdParams, body: UpdateAssessmentBody, response: { 200: Assessment } } },
    (req) => svc.updateAssessment(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/:id/complete',
    { config: { action: WRITE_GATE }, schema: { tags, summary: 'Hoàn thành và chốt kết quả', params: IdParams, body: CompleteAssessmentBody, response: { 200: Assessment } } },
    (req) => svc.completeAssessment(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/:id/evidence',
    {
      config: { action: WRITE_GATE },
      schema: { tags, summary: 'Đính kèm minh chứng (PDF, DOCX, XLSX, ảnh)', params: IdParams, consumes: ['multipart/form-data'], response: { 200: Assessment } },
    },
    async (req) => {
      // Multipart is not a JSON body: the optional `requirementId` then `file` are read here.
      const file = req.isMultipart() ? await req.file({ limits: { fileSize: files.MAX_EVIDENCE_BYTES, files: 1 } }) : undefined;
      if (!file || file.fieldname !== 'file') throw fieldError('file', 'validation.required');
      const field = file.fields.requirementId;
      const raw = field && !Array.isArray(field) && field.type === 'field' ? field.value : undefined;
      let requirementId: string | null = null;
      if (raw !== undefined && raw !== '') {
        const parsed = Id.safeParse(raw);
        if (!parsed.success) throw fieldError('requirementId', 'validation.invalidUuid');
        requirementId = parsed.data;
      }
      await files.addEvidence(req.ctx, req.params.id, requirementId, file.filename, await file.toBuffer());
      return svc.getAssessment(req.ctx, req.params.id);
    },
  );
  app.get(
    '/:id/evidence/:evidenceId',
    { config: read, schema: { tags, summary: 'Tải minh chứng', params: EvidenceParams } },
    async (req, reply) => {
      const e = await files.getEvidence(req.ctx, req.params.id, req.params.evidenceId);
      return reply
        .header('content-type', e.mediaType)
        .header('content-disposition', contentDisposition(e.fileName))
        .header('x-content-sha256', e.sha256)
        .send(e.content);
    },
  );
  app.delete(
    '/:id/evidence/:evidenceId',
    { config: { action: WRITE_GATE }, schema: { tags, summary: 'Gỡ minh chứng', params: EvidenceParams, response: { 200: Ok } } },
    async (req) => {
      await files.deleteEvidence(req.ctx, req.params.id, req.params.evidenceId);
      return { ok: true as const };
    },
  );
};
