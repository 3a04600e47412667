/**
 * Reads an organisation import file (CSV in UTF-8, or XLSX) into raw rows keyed by field. The format
 * is recognised by content, not by name: an XLSX file is a ZIP archive. Headers may be English or
 * Vietnamese, in any case, with or without diacritics.
 */
import { normaliseHeader, readImportFile, type RawImportRow as Row } from '../../imports/import-file';

export const IMPORT_FIELDS = ['code', 'name', 'kind', 'parentCode', 'adminUnitKind', 'nameEn', 'address', 'phone', 'email'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
const REQUIRED: readonly ImportField[] = ['code', 'name', 'kind'];
export const MAX_IMPORT_ROWS = 5000;

export type RawImportRow = Row<ImportField>;

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

const MESSAGES = {
    empty: 'errors.orgs.importEmpty',
    unreadable: 'errors.orgs.importUnreadable',
    notXlsx: 'errors.orgs.importNotXlsx',
    missingColumn: 'errors.orgs.importMissingColumn',
    tooManyRows: 'errors.orgs.importTooManyRows',
  };

/** Parses the file into rows; throws a 400 for an unreadable file, a missing column or too many rows. */
export async function parseOrgImportFile(data: Buffer, fileName = ''): Promise<RawImportRow[]> {
  return readImportFile(data, fileName, { messages: MESSAGES, fieldOfHeader: FIELD_OF_HEADER, required: REQUIRED, columnLabel, maxRows: MAX_IMPORT_ROWS });
}
