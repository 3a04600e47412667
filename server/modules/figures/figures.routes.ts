import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { FigureDrillList, FigureDrillQuery, SystemFigures, SystemFiguresQuery, UnitsWithoutSubmissionList, UnitsWithoutSubmissionQuery } from '@shared/api/figures';
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
    '/systems/drill',
    { config: { action: 'system.read' }, schema: { tags, summary: 'Danh sách đứng sau một số liệu', querystring: FigureDrillQuery, response: { 200: FigureDrillList } } },
    (req) => svc.drillFigures(req.ctx, req.query),
  );
};
