/**
 * The coverage table as an Excel workbook: the same rows the page shows (children or centers of the
 * focus organisation, same seen window), with counts and percentages, then the subtree's total and
 * the centers' figure. Headers in Vietnamese, as the province's reports are.
 */
import { newSheet } from '../../files/excel';
import type { CoverageCounts, CoverageQuery } from '@shared/api/endpoints';
import type { Ctx } from '../../http/context';
import { translator } from '../../http/i18n';
import { getCoverage } from './coverage';

const pct = (part: number, total: number) => (total > 0 ? Math.round((part / total) * 1000) / 10 : null);

export async function exportCoverage(ctx: Ctx, q: CoverageQuery): Promise<Buffer> {
  const t = translator(ctx.locale);
  const cov = await getCoverage(ctx, q);
  const { workbook, sheet } = await newSheet(t('endpoints.coverageExport.sheet'), [
    { header: 'Mã đơn vị', width: 16 },
    { header: 'Đơn vị', width: 44 },
    { header: 'Tổng số máy', width: 12 },
    { header: 'Có PM PCMĐ tập trung', width: 14 },
    { header: '% PCMĐ tập trung', width: 12 },
    { header: 'Có phần mềm diệt virus', width: 14 },
    { header: '% có diệt virus', width: 12 },
    { header: 'HĐH có bản quyền', width: 14 },
    { header: '% HĐH bản quyền', width: 12 },
    { header: `Hoạt động trong ${cov.seenDays} ngày`, width: 14 },
    { header: 'Máy bí mật nhà nước (không tính)', width: 16 },
  ]);
  const line = (code: string, name: string, c: CoverageCounts) => [
    code,
    name,
    c.total,
    c.centralAv,
    pct(c.centralAv, c.total),
    c.anyAv,
    pct(c.anyAv, c.total),
    c.licensedOs,
    pct(c.licensedOs, c.total),
    c.seen,
    c.excluded,
  ];
  for (const r of cov.rows) sheet.addRow(line(r.orgCode, r.own ? t('endpoints.coverageExport.own', { name: r.orgName }) : r.orgName, r));
  sheet.addRow([]);
  sheet.addRow(line('', t('endpoints.coverageExport.total', { name: cov.orgName }), cov.summary)).font = { bold: true };
  sheet.addRow(line('', t('endpoints.coverageExport.centers', { count: cov.centers.count }), cov.centers)).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
