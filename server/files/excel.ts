/**
 * exceljs is large (about 25 MB of memory once loaded) and only needed when someone imports or
 * exports a spreadsheet: it is loaded then, once, not at start (idle memory target of issue #2).
 */
import type ExcelJS from 'exceljs';

let loaded: Promise<typeof ExcelJS> | null = null;

export function loadExcel(): Promise<typeof ExcelJS> {
  loaded ??= import('exceljs').then((m) => m.default);
  return loaded;
}

export interface SheetColumn {
  header: string;
  /** Characters; by default the header's length, between 14 and 30. */
  width?: number;
}

/**
 * A new workbook (creator Khiên) with one sheet whose first row is the header, bold, wrapped and
 * frozen: the layout of every list the platform exports.
 */
export async function newSheet(sheetName: string, columns: readonly SheetColumn[]): Promise<{ workbook: ExcelJS.Workbook; sheet: ExcelJS.Worksheet }> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'Khiên';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(14, Math.min(30, c.header.length + 2)) }));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', wrapText: true };
  return { workbook, sheet };
}
