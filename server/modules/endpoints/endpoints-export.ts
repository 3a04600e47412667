/**
 * The inventory as an Excel workbook (same filters as the list, every row): Vietnamese headers, one
 * row per machine, values as labels of the reader's language.
 */
import { newSheet } from '../../files/excel';
import type { ExportEndpointsQuery, ExportViolationsQuery } from '@shared/api/endpoints';
import { isCentralProduct } from '@shared/domain/endpoints';
import type { Ctx } from '../../http/context';
import { translator } from '../../http/i18n';
import * as repo from './endpoints.repo';

/** Column headers, in Vietnamese whatever the reader's language (the province's documents are). */
export const EXPORT_HEADERS = [
  'Mã đơn vị',
  'Tên đơn vị',
  'Tên máy',
  'Mã phần cứng',
  'Số sê-ri',
  'Nền tảng',
  'Hệ điều hành',
  'Phiên bản',
  'Bản quyền hệ điều hành',
  'Địa chỉ IP',
  'Địa chỉ MAC',
  'Người sử dụng',
  'Máy soạn thảo, lưu trữ bí mật nhà nước',
  'Phần mềm phòng chống mã độc',
  'Có phần mềm phòng chống mã độc tập trung',
  'Có phần mềm diệt virus',
  'Mẫu nhận diện cập nhật',
  'Có tác tử giám sát',
  'Nguồn dữ liệu',
  'Lần thấy gần nhất',
  'Ngừng sử dụng từ',
  'Ghi chú',
] as const;

const WIDTHS: Record<number, number> = { 1: 30, 2: 24, 6: 28, 13: 50, 21: 40 };

const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : '');

export async function exportEndpoints(ctx: Ctx, q: ExportEndpointsQuery): Promise<Buffer> {
  const t = translator(ctx.locale);
  const rows = await repo.allEndpoints(ctx, q);
  const [products, patterns] = await Promise.all([repo.productsOf(ctx, rows.map((r) => r.endpoint.id)), repo.centralPatterns(ctx)]);
  const { workbook, sheet } = await newSheet(t('endpoints.export.sheet'), EXPORT_HEADERS.map((header, i) => ({ header, width: WIDTHS[i] })));
  const yesNo = (b: boolean | null) => (b === null ? t('endpoints.export.unknown') : t(b ? 'endpoints.export.yes' : 'endpoints.export.no'));
  for (const r of rows) {
    const e = r.endpoint;
    const av = (products.get(e.id) ?? []).map((p) => {
      const state = [p.enabled === false ? t('endpoints.export.disabled') : '', isCentralProduct(p.name, patterns) ? t('endpoints.export.central') : ''].filter(Boolean).join(', ');
      return state ? `${p.name} (${state})` : p.name;
    });
    sheet.addRow([
      r.orgCode,
      r.orgName,
      e.hostname,
      e.hardwareUuid ?? '',
      e.serial ?? '',
      e.osPlatform ? t(`endpoints.platforms.${e.osPlatform}`) : '',
      e.osName ?? '',
      e.osVersion ?? '',
      t(`endpoints.licences.${e.osLicence}`),
      e.ipAddresses.join(', '),
      e.macAddresses.join(', '),
      e.assignedTo ?? '',
      yesNo(e.stateSecret),
      av.join('; '),
      yesNo(e.hasCentralAv),
      yesNo(e.hasAnyAv),
      yesNo(e.avUpToDate),
      yesNo(r.agent),
      t(`endpoints.sources.${e.source}`),
      r.lastSeenAt ? r.lastSeenAt.toISOString().replace('T', ' ').slice(0, 16) : '',
      day(e.retiredAt),
      e.notes ?? '',
    ]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The violations list (open or resolved, same filters as the page), every row. */
export async function exportViolations(ctx: Ctx, q: ExportViolationsQuery): Promise<Buffer> {
  const t = translator(ctx.locale);
  const { items } = await repo.listViolations(ctx, { ...q, limit: 1_000_000, offset: 0 });
  const { workbook, sheet } = await newSheet(t('endpoints.violationsExport.sheet'), [
    { header: 'Mã đơn vị', width: 16 },
    { header: 'Tên đơn vị', width: 36 },
    { header: 'Tên máy', width: 24 },
    { header: 'Vi phạm', width: 44 },
    { header: 'Lần đầu', width: 18 },
    { header: 'Lần gần nhất', width: 18 },
    { header: 'Số lần', width: 10 },
    { header: 'Đã xử lý lúc', width: 18 },
    { header: 'Kết quả xử lý', width: 44 },
  ]);
  const at = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) : '');
  for (const r of items) {
    sheet.addRow([r.orgCode, r.orgName, r.hostname, t(`endpoints.violationKinds.${r.v.kind}`), at(r.v.firstSeenAt), at(r.v.lastSeenAt), r.v.occurrences, at(r.v.resolvedAt), r.v.resolutionNote ?? '']);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
