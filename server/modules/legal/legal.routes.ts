import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { IdParams, Ok } from '@shared/api/common';
import {
  AuthorityParams,
  ClassificationResult,
  DeadlineParams,
  EvaluateBody,
  HolidayParams,
  HolidaysQuery,
  LegalRegimeList,
  LevelAuthority,
  LevelAuthorityList,
  LevelCriterion,
  LevelCriterionList,
  PublicHoliday,
  PublicHolidayList,
  PutHolidayBody,
  RegimeDeadline,
  RegimeDeadlineList,
  RegimeQuery,
  UpdateAuthorityBody,
  UpdateCriterionBody,
  UpdateDeadlineBody,
} from '@shared/api/legal';
import * as svc from './legal.service';

/**
 * The legal rule data of both regimes (read by everyone, corrected by province administrators) and
 * the level evaluation. Registered under /api: the rule data lives at /api/legal/*, the evaluation
 * at /api/classification/evaluate (an action path: it computes, it stores nothing).
 */
export const legalRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['legal'];
  const read = { action: 'system.read' } as const;
  const manage = { action: 'legal.manage' } as const;

  app.get('/legal/regimes', { config: read, schema: { tags, summary: 'Chế độ pháp lý về cấp độ', response: { 200: LegalRegimeList } } }, (req) =>
    svc.listRegimes(req.ctx),
  );
  app.get('/legal/criteria', { config: read, schema: { tags, summary: 'Tiêu chí xác định cấp độ', querystring: RegimeQuery, response: { 200: LevelCriterionList } } }, (req) =>
    svc.listCriteria(req.ctx, req.query.regime),
  );
  app.patch(
    '/legal/criteria/:id',
    { config: manage, schema: { tags, summary: 'Sửa một tiêu chí', params: IdParams, body: UpdateCriterionBody, response: { 200: LevelCriterion } } },
    (req) => svc.updateCriterion(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/legal/authorities',
    { config: read, schema: { tags, summary: 'Thẩm quyền thẩm định, phê duyệt theo cấp độ', querystring: RegimeQuery, response: { 200: LevelAuthorityList } } },
    (req) => svc.listAuthorities(req.ctx, req.query.regime),
  );
  app.patch(
    '/legal/authorities/:regime/:level',
    { config: manage, schema: { tags, summary: 'Sửa thẩm quyền của một cấp độ', params: AuthorityParams, body: UpdateAuthorityBody, response: { 200: LevelAuthority } } },
    (req) => svc.updateAuthority(req.ctx, req.params.regime, req.params.level, req.body),
  );
  app.get('/legal/deadlines', { config: read, schema: { tags, summary: 'Thời hạn giải quyết hồ sơ', querystring: RegimeQuery, response: { 200: RegimeDeadlineList } } }, (req) =>
    svc.listDeadlines(req.ctx, req.query.regime),
  );
  app.patch(
    '/legal/deadlines/:regime/:step/:levelMin',
    { config: manage, schema: { tags, summary: 'Sửa một thời hạn', params: DeadlineParams, body: UpdateDeadlineBody, response: { 200: RegimeDeadline } } },
    (req) => svc.updateDeadline(req.ctx, req.params.regime, req.params.step, req.params.levelMin, req.body),
  );
  app.get('/legal/holidays', { config: read, schema: { tags, summary: 'Ngày nghỉ lễ, ngày làm bù', querystring: HolidaysQuery, response: { 200: PublicHolidayList } } }, (req) =>
    svc.listHolidays(req.ctx, req.query.year),
  );
  app.put(
    '/legal/holidays/:day',
    { config: manage, schema: { tags, summary: 'Thêm hoặc sửa một ngày nghỉ / ngày làm bù', params: HolidayParams, body: PutHolidayBody, response: { 200: PublicHoliday } } },
    (req) => svc.putHoliday(req.ctx, req.params.day, req.body),
  );
  app.delete('/legal/holidays/:day', { config: manage, schema: { tags, summary: 'Xóa một ngày khỏi lịch nghỉ', params: HolidayParams, response: { 200: Ok } } }, async (req) => {
    await svc.deleteHoliday(req.ctx, req.params.day);
    return { ok: true as const };
  });
  app.post(
    '/classification/evaluate',
    { config: read, schema: { tags, summary: 'Tính cấp độ đề xuất từ các câu trả lời', body: EvaluateBody, response: { 200: ClassificationResult } } },
    (req) => svc.classify(req.ctx, req.body.regime, req.body.answers, req.body.componentLevels),
  );
};
