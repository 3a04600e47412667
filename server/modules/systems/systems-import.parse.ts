/**
 * The systems file format, shared by the import, its template and the export: the columns, their
 * Vietnamese headers, and the reading of a CSV (UTF-8) or XLSX upload into raw rows. The format is
 * recognised by content (an XLSX file is a ZIP archive); headers may be Vietnamese or English, in any
 * case, with or without diacritics.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../../http/errors';

export const IMPORT_FIELDS = [
  'orgCode',
  'code',
  'name',
  'systemType',
  'purpose',
  'ownerOrgCode',
  'audiences',
  'infoTypes',
  'hosting',
  'hostingProvider',
  'lifecycle',
  'isImportant',
  'userCount',
  'handlesAdminProcedures',
  'onlinePublicServiceLevel',
  'personalBasicSubjects',
  'personalSensitiveSubjects',
  'infraScope',
  'requires24x7',
  'contactName',
  'contactPhone',
  'contactEmail',
  'components',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const REQUIRED_FIELDS: readonly ImportField[] = ['orgCode', 'name', 'systemType'];
export const MAX_IMPORT_ROWS = 5000;

/** The Vietnamese header of each column (the template's and the export's), then accepted aliases. */
export const HEADERS: Record<ImportField, [string, ...string[]]> = {
  orgCode: ['Mã đơn vị vận hành', 'orgCode', 'Mã đơn vị'],
  code: ['Mã hệ thống', 'code', 'Mã'],
  name: ['Tên hệ thống', 'name', 'Tên'],
  systemType: ['Loại hệ thống', 'systemType'],
  purpose: ['Mục đích sử dụng', 'purpose'],
  ownerOrgCode: ['Mã đơn vị chủ quản', 'ownerOrgCode'],
  audiences: ['Đối tượng phục vụ', 'audiences'],
  infoTypes: ['Loại thông tin xử lý', 'infoTypes'],
  hosting: ['Nơi đặt hệ thống', 'hosting'],
  hostingProvider: ['Nhà cung cấp hạ tầng', 'hostingProvider'],
  lifecycle: ['Tình trạng', 'lifecycle'],
  isImportant: ['Hệ thống quan trọng', 'isImportant'],
  userCount: ['Số người sử dụng', 'userCount'],
  handlesAdminProcedures: ['Giải quyết thủ tục hành chính', 'handlesAdminProcedures'],
  onlinePublicServiceLevel: ['Mức dịch vụ công trực tuyến', 'onlinePublicServiceLevel'],
  personalBasicSubjects: ['Số chủ thể dữ liệu cá nhân cơ bản', 'personalBasicSubjects'],
  personalSensitiveSubjects: ['Số chủ thể dữ liệu cá nhân nhạy cảm', 'personalSensitiveSubjects'],
  infraScope: ['Phạm vi hạ tầng', 'infraScope'],
  requires24x7: ['Yêu cầu vận hành 24/7', 'requires24x7'],
  contactName: ['Người liên hệ', 'contactName'],
  contactPhone: ['Điện thoại liên hệ', 'contactPhone'],
  contactEmail: ['Thư điện tử liên hệ', 'contactEmail'],
  components: ['Thành phần (loại | hãng | sản phẩm | phiên bản)', 'components', 'Thành phần'],
};

/** One data row as read: its row number in the sheet (the header is row 1) and its non-empty cells, trimmed. */
export interface RawImportRow {
  row: number;
  values: Partial<Record<ImportField, string>>;
}

/** Lower case, no diacritics, no spaces or punctuation: "Mã đơn vị" → "madonvi". */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const FIELD_OF_HEADER = new Map<string, ImportField>(IMPORT_FIELDS.flatMap((f) => HEADERS[f].map((h): [string, ImportField] => [normaliseHeader(h), f])));

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const isZip = (data: Buffer) => data.length >= 4 && data.subarray(0, 4).equals(ZIP_MAGIC);

/** Parses the file into rows; throws a 400 for an unreadable file, a missing column or too many rows. */
export async function parseSystemImportFile(data: Buffer, fileName = ''): Promise<RawImportRow[]> {
  let table: { row: number; cells: string[] }[];
  if (isZip(data)) table = await readXlsx(data);
  else if (/\.xlsx$/i.test(fileName) || data.includes(0)) throw new AppError('validation', 'errors.systems.importNotXlsx', { name: fileName.slice(0, 100) });
  else table = readCsv(data);
  // The template and the export may carry a note above the header: the header is the first row naming a known column.
  const headerAt = table.findIndex((r) => r.cells.some((c) => FIELD_OF_HEADER.has(normaliseHeader(c))));
  const header = table[headerAt];
  if (!header) throw new AppError('validation', 'errors.systems.importEmpty');
  const columns = header.cells.map((h) => FIELD_OF_HEADER.get(normaliseHeader(h)));
  for (const field of REQUIRED_FIELDS) {
    if (!columns.includes(field)) throw new AppError('validation', 'errors.systems.importMissingColumn', { column: HEADERS[field][0] });
  }
  const rows: RawImportRow[] = [];
  for (const { row, cells } of table.slice(headerAt + 1)) {
    if (cells.every((c) => c.trim() === '')) continue;
    if (rows.length >= MAX_IMPORT_ROWS) throw new AppError('validation', 'errors.systems.importTooManyRows', { max: MAX_IMPORT_ROWS });
    const values: Partial<Record<ImportField, string>> = {};
    columns.forEach((field, i) => {
      const v = cells[i]?.trim();
      if (field && v && values[field] === undefined) values[field] = v;
    });
    rows.push({ row, values });
  }
  if (rows.length === 0) throw new AppError('validation', 'errors.systems.importEmpty');
  return rows;
}

function readCsv(data: Buffer): { row: number; cells: string[] }[] {
  const text = data.toString('utf8');
  if (text.includes('\uFFFD')) throw new AppError('validation', 'errors.systems.importUnreadable');
  // Excel saves "CSV" with semicolons where the decimal separator is a comma.
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(data, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false, encoding: 'utf8' });
  } catch {
    throw new AppError('validation', 'errors.systems.importUnreadable');
  }
  return records.map((cells, i) => ({ row: i + 1, cells }));
}

async function readXlsx(data: Buffer): Promise<{ row: number; cells: string[] }[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(new Uint8Array(data).buffer);
  } catch {
    throw new AppError('validation', 'errors.systems.importUnreadable');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('validation', 'errors.systems.importEmpty');
  const out: { row: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= r.cellCount; c++) cells.push(r.getCell(c).text ?? '');
    out.push({ row: rowNumber, cells });
  });
  return out;
}
