/**
 * What every spreadsheet import shares (organisations, systems, later endpoints): reading a CSV
 * (UTF-8, comma or semicolon) or XLSX upload into rows keyed by field, recognising the format by
 * content (an XLSX file is a ZIP archive) and the columns by header in Vietnamese or English, in any
 * case, with or without diacritics; mapping enum labels back to codes; the preview's summary; and
 * the organisation an import belongs to. Each module keeps its own columns, checks and writes.
 */
import { isNull } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { loadExcel } from '../files/excel';
import type { Ctx } from '../http/context';
import { AppError, notFound } from '../http/errors';
import { translator } from '../http/i18n';
import { grantRoots, type Action } from '../authz/policies';
import { orgs } from '../db/schema';

/** Lower case, no diacritics, no spaces or punctuation: "Mã đơn vị cha" → "madonvicha". */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export function isZip(data: Buffer): boolean {
  return data.length >= 4 && data.subarray(0, 4).equals(ZIP_MAGIC);
}

/** One data row as read: its row number in the sheet and its non-empty cells, trimmed, by field. */
export interface RawImportRow<F extends string> {
  row: number;
  values: Partial<Record<F, string>>;
}

/** The module's message keys for a file that cannot be imported. */
export interface ImportMessages {
  empty: string;
  unreadable: string;
  notXlsx: string;
  missingColumn: string;
  tooManyRows: string;
}

export interface ImportFormat<F extends string> {
  messages: ImportMessages;
  /** Every accepted header, normalised, to its field. */
  fieldOfHeader: ReadonlyMap<string, F>;
  required: readonly F[];
  /** The column as the "missing column" message names it. */
  columnLabel: (field: F) => string;
  maxRows: number;
  /** The header may sit below a note (a template's, an export's): take the first row naming a known column. */
  headerBelowNotes?: boolean;
}

/** The cells of a sheet, row by row, as text. */
export type ImportTable = { row: number; cells: string[] }[];
type Table = ImportTable;

/** Reads an upload into rows of text cells; a 400 for a file that is neither CSV nor XLSX. */
export async function readImportTable(data: Buffer, fileName: string, m: ImportMessages): Promise<ImportTable> {
  if (isZip(data)) return readXlsx(data, m);
  // Named like a workbook but not one (or binary junk): say so rather than reading it as CSV.
  if (/\.xlsx$/i.test(fileName) || data.includes(0)) throw new AppError('validation', m.notXlsx, { name: fileName.slice(0, 100) });
  return readCsv(data, m);
}

/** Parses an upload into rows; a 400 for an unreadable file, a missing column or too many rows. */
export async function readImportFile<F extends string>(data: Buffer, fileName: string, format: ImportFormat<F>): Promise<RawImportRow<F>[]> {
  return rowsOfTable(await readImportTable(data, fileName, format.messages), format);
}

/** The rows of a table read by readImportTable, keyed by field through the format's headers. */
export function rowsOfTable<F extends string>(table: ImportTable, format: ImportFormat<F>): RawImportRow<F>[] {
  const m = format.messages;
  const headerAt = format.headerBelowNotes ? table.findIndex((r) => r.cells.some((c) => format.fieldOfHeader.has(normaliseHeader(c)))) : 0;
  const header = table[headerAt];
  if (!header) throw new AppError('validation', m.empty);
  const columns = header.cells.map((h) => format.fieldOfHeader.get(normaliseHeader(h)));
  for (const field of format.required) {
    if (!columns.includes(field)) throw new AppError('validation', m.missingColumn, { column: format.columnLabel(field) });
  }
  const rows: RawImportRow<F>[] = [];
  for (const { row, cells } of table.slice(headerAt + 1)) {
    if (cells.every((c) => c.trim() === '')) continue;
    if (rows.length >= format.maxRows) throw new AppError('validation', m.tooManyRows, { max: format.maxRows });
    const values: Partial<Record<F, string>> = {};
    columns.forEach((field, i) => {
      const v = cells[i]?.trim();
      if (field && v && values[field] === undefined) values[field] = v;
    });
    rows.push({ row, values });
  }
  if (rows.length === 0) throw new AppError('validation', m.empty);
  return rows;
}

function readCsv(data: Buffer, m: ImportMessages): Table {
  const text = data.toString('utf8');
  if (text.includes('\uFFFD')) throw new AppError('validation', m.unreadable);
  // Excel saves "CSV" with semicolons where the decimal separator is a comma.
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(data, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false, encoding: 'utf8' });
  } catch {
    throw new AppError('validation', m.unreadable);
  }
  return records.map((cells, i) => ({ row: i + 1, cells }));
}

async function readXlsx(data: Buffer, m: ImportMessages): Promise<Table> {
  const workbook = new (await loadExcel()).Workbook();
  try {
    await workbook.xlsx.load(new Uint8Array(data).buffer);
  } catch {
    throw new AppError('validation', m.unreadable);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('validation', m.empty);
  const out: Table = [];
  sheet.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= r.cellCount; c++) {
      const cell = r.getCell(c);
      cells.push(cell.value instanceof Date ? sheetDateText(cell.value) : (cell.text ?? ''));
    }
    out.push({ row: rowNumber, cells });
  });
  return out;
}

/**
 * A date cell as the sheet shows it: Excel keeps no time zone and exceljs reads the wall-clock time as
 * UTC, so its UTC parts are that wall-clock time ("2026-11-30 08:15:00"), whatever the server's zone.
 */
function sheetDateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}

/** Accepts a value as its code ("commune") or its label in either language ("UBND xã/phường/đặc khu"). */
export function valueLookup<K extends string>(values: readonly K[], group: string): (text: string) => string {
  const map = new Map<string, K>();
  for (const locale of ['vi', 'en'] as const) {
    const t = translator(locale);
    for (const v of values) map.set(normaliseHeader(t(`${group}.${v}`)), v);
  }
  for (const v of values) map.set(normaliseHeader(v), v);
  return (text) => map.get(normaliseHeader(text)) ?? text;
}

/** What the preview shows: each row's action and errors, and the counts. */
export function importSummary<R extends { row: number; code: string | null; action: A; errors: string[] }, A extends string>(rows: R[]) {
  const out = rows.map(({ row, code, action, errors }) => ({ row, code, action, errors }));
  const invalid = rows.filter((r) => r.action === 'error').length;
  return { rows: out, valid: rows.length - invalid, invalid };
}

/** The topmost organisation where the actor holds `action`: an import belongs to it. */
export async function importOwnerOrg(ctx: Ctx, action: Action): Promise<string> {
  const roots = ctx.principal ? grantRoots(ctx.principal, action) : [];
  const top = [...roots].sort((a, b) => a.length - b.length)[0];
  if (!top) throw new AppError('forbidden', 'errors.forbidden');
  const id = top.split('/').filter(Boolean).pop();
  if (id) return id;
  // scope-exempt: only a system actor (roots ['/']) gets here; the province root's id is not organisation data.
  const [root] = await ctx.db.select({ id: orgs.id }).from(orgs).where(isNull(orgs.parentId)).limit(1);
  if (!root) throw notFound();
  return root.id;
}
