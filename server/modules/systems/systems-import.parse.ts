/**
 * The systems file format, shared by the import, its template and the export: the columns, their
 * Vietnamese headers, and the reading of a CSV (UTF-8) or XLSX upload into raw rows. The format is
 * recognised by content (an XLSX file is a ZIP archive); headers may be Vietnamese or English, in any
 * case, with or without diacritics.
 */
import { normaliseHeader, readImportFile, type RawImportRow as Row } from '../../imports/import-file';

export { normaliseHeader };

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

export type RawImportRow = Row<ImportField>;

const FIELD_OF_HEADER = new Map<string, ImportField>(IMPORT_FIELDS.flatMap((f) => HEADERS[f].map((h): [string, ImportField] => [normaliseHeader(h), f])));

const MESSAGES = {
    empty: 'errors.systems.importEmpty',
    unreadable: 'errors.systems.importUnreadable',
    notXlsx: 'errors.systems.importNotXlsx',
    missingColumn: 'errors.systems.importMissingColumn',
    tooManyRows: 'errors.systems.importTooManyRows',
  };

/** Parses the file into rows; throws a 400 for an unreadable file, a missing column or too many rows. */
export async function parseSystemImportFile(data: Buffer, fileName = ''): Promise<RawImportRow[]> {
  return readImportFile(data, fileName, {
    messages: MESSAGES,
    fieldOfHeader: FIELD_OF_HEADER,
    required: REQUIRED_FIELDS,
    columnLabel: (f) => HEADERS[f][0],
    maxRows: MAX_IMPORT_ROWS,
    headerBelowNotes: true,
  });
}
