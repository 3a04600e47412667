import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { AssessmentFigures, AssessmentFiguresQuery, FigureDrillList, FigureDrillQuery, SystemFigures, SystemFiguresQuery, UnitsWithoutSubmissionList, UnitsWithoutSubmissionQuery } from '@shared/api/figures';
import * as svc from './figures.service';

/**
 * Read-only figures. The route action is 'system.read'; the dossier counters are scoped with
 * 'dossier.read' inside (the same roles hold both), so a caller without it sees them as zero.
 */
export const figureRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['figures'];
  app.get(
    '/systems',
    { config: { action: 'system.read' }, schema: { tags, summary: 'Số liệu hệ thống thông tin và hồ sơ cấp độ', querystring: SystemFiguresQuery, response: { 200: SystemFigures } } },
    (req) => svc.getSystemFigures(req.ctx, req.query),
  );
  app.get(
    '/systems/units-without-submission',
    {
      config: { action: 'system.read' },
      schema: { tags, summary: 'Đơn vị chưa gửi hồ sơ đề xuất cấp độ nào', querystring: UnitsWithoutSubmissionQuery, response: { 200: UnitsWithoutSubmissionList } },
    },
    (req) => svc.listUnitsWithoutSubmission(req.ctx, req.query),
  );
  app.get(
    '/assessments',
    {
      config: { action: 'assessment.read' },
      schema: { tags, summary: 'Hệ thống đến hạn, quá hạn hoặc chưa từng tự đánh giá, kiểm tra định kỳ, theo đơn vị', querystring: AssessmentFiguresQuery, response: { 200: AssessmentFigures } },
    },
    (req) => svc.getAssessmentFigures(req.ctx, req.query),
  );
  app.get(
    '/systems/drill',
    { config: { action: 'system.read' }, schema: { tags, summary: 'Danh sách đứng sau một số liệu', querystring: FigureDrillQuery, response: { 200: FigureDrillList } } },
    (req) => svc.drillFigures(req.ctx, req.query),
  );
};
