/**
 * Reads an organisation import file (CSV in UTF-8, or XLSX) into raw rows keyed by field. The format
 * is recognised by content, not by name: an XLSX file is a ZIP archive. Headers may be English or
 * Vietnamese, in any case, with or without diacritics.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../../http/errors';

export const IMPORT_FIELDS = ['code', 'name', 'kind', 'parentCode', 'adminUnitKind', 'nameEn', 'address', 'phone', 'email'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
const REQUIRED: readonly ImportField[] = ['code', 'name', 'kind'];
export const MAX_IMPORT_ROWS = 5000;

/** One data row as read: its row number in the sheet (the header is row 1) and its cells, trimmed. */
export interface RawImportRow {
  row: number;
  values: Partial<Record<ImportField, string>>;
}

/** Lower case, no diacritics, no spaces or punctuation: "Mã đơn vị cha" → "madonvicha". */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const HEADER_ALIASES: Record<ImportField, string[]> = {
  code: ['code', 'Mã'],
  name: ['name', 'Tên'],
  kind: ['kind', 'Loại'],
  parentCode: ['parentCode', 'Mã đơn vị cha'],
  adminUnitKind: ['adminUnitKind', 'Loại đơn vị hành chính'],
  nameEn: ['nameEn', 'Tên tiếng Anh'],
  address: ['address', 'Địa chỉ'],
  phone: ['phone', 'Điện thoại'],
  email: ['email', 'Thư điện tử'],
};
const FIELD_OF_HEADER = new Map<string, ImportField>(
  IMPORT_FIELDS.flatMap((f) => HEADER_ALIASES[f].map((h): [string, ImportField] => [normaliseHeader(h), f])),
);

/** The column name shown in the "missing column" message: Vietnamese, then English. */
export function columnLabel(field: ImportField): string {
  return `${HEADER_ALIASES[field][1]} (${field})`;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export function isZip(data: Buffer): boolean {
  return data.length >= 4 && data.subarray(0, 4).equals(ZIP_MAGIC);
}

/** Parses the file into rows; throws a 400 for an unreadable file, a missing column or too many rows. */
export async function parseOrgImportFile(data: Buffer, fileName = ''): Promise<RawImportRow[]> {
  let table: { row: number; cells: string[] }[];
  if (isZip(data)) table = await readXlsx(data);
  else if (/\.xlsx$/i.test(fileName) || data.includes(0)) {
    // Named like a workbook but not one (or binary junk): say so rather than reading it as CSV.
    throw new AppError('validation', 'errors.orgs.importNotXlsx', { name: fileName.slice(0, 100) });
  } else table = readCsv(data);
  const header = table.shift();
  if (!header) throw new AppError('validation', 'errors.orgs.importEmpty');
  const columns = header.cells.map((h) => FIELD_OF_HEADER.get(normaliseHeader(h)));
  for (const field of REQUIRED) {
    if (!columns.includes(field)) throw new AppError('validation', 'errors.orgs.importMissingColumn', { column: columnLabel(field) });
  }
  const rows: RawImportRow[] = [];
  for (const { row, cells } of table) {
    if (cells.every((c) => c.trim() === '')) continue;
    if (rows.length >= MAX_IMPORT_ROWS) throw new AppError('validation', 'errors.orgs.importTooManyRows', { max: MAX_IMPORT_ROWS });
    const values: Partial<Record<ImportField, string>> = {};
    columns.forEach((field, i) => {
      const v = cells[i]?.trim();
      if (field && v && values[field] === undefined) values[field] = v;
    });
    rows.push({ row, values });
  }
  if (rows.length === 0) throw new AppError('validation', 'errors.orgs.importEmpty');
  return rows;
}

function readCsv(data: Buffer): { row: number; cells: string[] }[] {
  const text = data.toString('utf8');
  if (text.includes('\uFFFD')) throw new AppError('validation', 'errors.orgs.importUnreadable');
  // Excel saves "CSV" with semicolons where the decimal separator is a comma.
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(data, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false, encoding: 'utf8' });
  } catch {
    throw new AppError('validation', 'errors.orgs.importUnreadable');
  }
  return records.map((cells, i) => ({ row: i + 1, cells }));
}

async function readXlsx(data: Buffer): Promise<{ row: number; cells: string[] }[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(new Uint8Array(data).buffer);
  } catch {
    throw new AppError('validation', 'errors.orgs.importUnreadable');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('validation', 'errors.orgs.importEmpty');
  const out: { row: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= r.cellCount; c++) cells.push(r.getCell(c).text ?? '');
    out.push({ row: rowNumber, cells });
  });
  return out;
}
