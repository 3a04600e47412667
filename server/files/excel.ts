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
