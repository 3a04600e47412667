/**
 * Reading a console export (issue #4): which row holds the headers, the column mapping (given, saved
 * or guessed from Vietnamese and English header names), and each cell turned into a typed value or a
 * per-field error. Pure: the service adds what only the database knows (units, existing machines).
 */
import { isIP } from 'node:net';
import { Hostname } from '@shared/api/endpoints';
import {
  ENDPOINT_IMPORT_FIELDS,
  MAX_ENDPOINT_IMPORT_ROWS,
  REQUIRED_ENDPOINT_IMPORT_FIELDS,
  type EndpointImportField as Field,
  type EndpointImportMapping as Mapping,
} from '@shared/api/endpoint-import';
import { OS_LICENCES, type OsLicence } from '@shared/domain/endpoints';
import type { MessageParams } from '../../http/errors';
import { normaliseHeader, rowsOfTable, valueLookup, type ImportTable, type RawImportRow } from '../../imports/import-file';

export const IMPORT_MESSAGES = {
  empty: 'errors.endpointImport.empty',
  unreadable: 'errors.endpointImport.unreadable',
  notXlsx: 'errors.endpointImport.notXlsx',
  missingColumn: 'errors.endpointImport.missingColumn',
  tooManyRows: 'errors.endpointImport.tooManyRows',
};

/**
 * Header names consoles and people use for each field, most specific first: a guess takes, for each
 * field, the first of these the file has. Compared without case, diacritics or punctuation.
 */
const SYNONYMS: Record<Field, string[]> = {
  orgCode: ['Mã đơn vị', 'Unit code', 'Organisation code', 'Organization code', 'Org code', 'orgCode'],
  hostname: ['Tên máy', 'Tên máy tính', 'Computer name', 'Host name', 'Device name', 'Tên thiết bị', 'NetBIOS name', 'DNS name', 'Computer', 'Máy tính', 'Device', 'Thiết bị', 'Name', 'Tên'],
  hardwareUuid: ['Mã phần cứng', 'Hardware ID', 'Hardware UUID', 'System UUID', 'UUID', 'Device ID', 'Mã thiết bị', 'hardwareUuid'],
  serial: ['Số sê-ri', 'Số serial', 'Số seri', 'Serial number', 'Serial', 'S/N', 'SN'],
  ipAddresses: ['Địa chỉ IP', 'IP address', 'IP addresses', 'IPv4 address', 'IP', 'IPv4'],
  macAddresses: ['Địa chỉ MAC', 'MAC address', 'MAC addresses', 'MAC'],
  osName: ['Hệ điều hành', 'Tên hệ điều hành', 'Operating system', 'OS name', 'OS'],
  osVersion: ['Phiên bản hệ điều hành', 'Phiên bản HĐH', 'Operating system version', 'OS version', 'OS build'],
  osLicence: ['Bản quyền hệ điều hành', 'Bản quyền HĐH', 'OS licence', 'OS license', 'Licence status', 'License status', 'Windows activation', 'Bản quyền', 'Licence', 'License'],
  avProduct: ['Phần mềm diệt virus', 'Phần mềm phòng chống mã độc', 'Phần mềm diệt vi rút', 'Antivirus product', 'Anti-virus product', 'Security application', 'Protection application', 'Antivirus', 'Anti-virus', 'AV product'],
  avEnabled: ['Bảo vệ thời gian thực', 'Trạng thái bảo vệ', 'Đang bật', 'Real-time protection', 'Real-time protection status', 'Protection enabled', 'AV enabled', 'Enabled'],
  avUpToDate: ['Cơ sở dữ liệu cập nhật', 'Mẫu nhận diện cập nhật', 'Cập nhật mẫu nhận diện', 'Signatures up to date', 'Databases up to date', 'Anti-virus databases up to date', 'Definitions up to date', 'Up to date'],
  lastSeen: ['Lần cuối kết nối', 'Lần cuối hoạt động', 'Thời điểm kết nối cuối', 'Kết nối lần cuối', 'Last seen', 'Last visible', 'Last connected', 'Last connection', 'Last check-in', 'Last contact'],
  assignedTo: ['Người sử dụng', 'Người được giao', 'Người dùng', 'Assigned to', 'Assigned person', 'User', 'Owner'],
};
const NORMALISED_SYNONYMS = Object.fromEntries(ENDPOINT_IMPORT_FIELDS.map((f) => [f, SYNONYMS[f].map(normaliseHeader)])) as Record<Field, string[]>;
const ANY_SYNONYM = new Set(Object.values(NORMALISED_SYNONYMS).flat());

/** A problem with a mapping, as a message key the service translates. */
export interface MappingIssue {
  field: Field | null;
  column: string | null;
  key: string;
  params: MessageParams;
}

/** The header row: the first row naming a column we look for (notes may sit above it), else the first row. */
export function findHeaderRow(table: ImportTable, mapping: Mapping | null): number {
  const wanted = mapping ? new Set(Object.values(mapping).map(normaliseHeader)) : ANY_SYNONYM;
  const at = table.findIndex((r) => r.cells.some((c) => wanted.has(normaliseHeader(c))));
  return at >= 0 ? at : 0;
}

/** The headers of a row as shown to people: trimmed, non-empty, each once. */
export function headersOf(cells: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of cells.map((x) => x.trim())) {
    if (!c || seen.has(normaliseHeader(c))) continue;
    seen.add(normaliseHeader(c));
    out.push(c);
  }
  return out;
}

/** For each field, the first of its synonyms the file has. */
export function guessMapping(headers: readonly string[]): Mapping {
  const byNorm = new Map(headers.map((h) => [normaliseHeader(h), h]));
  const used = new Set<string>();
  const mapping: Mapping = {};
  for (const field of ENDPOINT_IMPORT_FIELDS) {
    const hit = NORMALISED_SYNONYMS[field].find((s) => byNorm.has(s) && !used.has(s));
    if (hit) {
      used.add(hit);
      mapping[field] = byNorm.get(hit);
    }
  }
  return mapping;
}

/** Whether the mapping can be used with these headers: required fields mapped, columns present, none twice. */
export function mappingIssues(mapping: Mapping, headers: readonly string[]): MappingIssue[] {
  const present = new Set(headers.map(normaliseHeader));
  const issues: MappingIssue[] = [];
  const fieldOfColumn = new Map<string, Field>();
  for (const field of ENDPOINT_IMPORT_FIELDS) {
    const column = mapping[field];
    if (!column) {
      if (REQUIRED_ENDPOINT_IMPORT_FIELDS.includes(field)) issues.push({ field, column: null, key: 'errors.endpointImport.fieldUnmapped', params: { field } });
      continue;
    }
    const norm = normaliseHeader(column);
    const other = fieldOfColumn.get(norm);
    if (!present.has(norm)) issues.push({ field, column, key: 'errors.endpointImport.columnMissing', params: { column, field } });
    else if (other) issues.push({ field, column, key: 'errors.endpointImport.columnTwice', params: { column, field, other } });
    else fieldOfColumn.set(norm, field);
  }
  return issues;
}

/** The data rows below the header, keyed by field through the mapping. */
export function rowsByMapping(table: ImportTable, headerAt: number, mapping: Mapping): RawImportRow<Field>[] {
  const fieldOfHeader = new Map<string, Field>();
  for (const field of ENDPOINT_IMPORT_FIELDS) {
    const column = mapping[field];
    if (column && !fieldOfHeader.has(normaliseHeader(column))) fieldOfHeader.set(normaliseHeader(column), field);
  }
  return rowsOfTable(table.slice(headerAt), {
    messages: IMPORT_MESSAGES,
    fieldOfHeader,
    required: [],
    columnLabel: (f) => mapping[f] ?? f,
    maxRows: MAX_ENDPOINT_IMPORT_ROWS,
  });
}

// --- Cells ---------------------------------------------------------------------------------------

export interface AvProductValue {
  name: string;
  enabled: boolean | null;
  upToDate: boolean | null;
}

/** A row's typed values: only the fields its cells fill. */
export interface ParsedValues {
  orgCode?: string;
  hostname?: string;
  hardwareUuid?: string;
  serial?: string;
  ipAddresses?: string[];
  macAddresses?: string[];
  osName?: string;
  osVersion?: string;
  osLicence?: OsLicence;
  avProducts?: AvProductValue[];
  lastSeen?: Date;
  assignedTo?: string;
}

export interface CellIssue {
  field: Field;
  key: string;
  params: MessageParams;
}

const YES = new Set(['co', 'x', 'yes', 'y', 'true', '1', 'c', 'bat', 'dangbat', 'on', 'enabled', 'running', 'dangchay', 'ok', 'uptodate', 'dacapnhat', 'capnhat', 'moinhat'].map(normaliseHeader));
const NO = new Set(['khong', 'no', 'n', 'false', '0', 'k', 'tat', 'datat', 'off', 'disabled', 'stopped', 'dungchay', 'outdated', 'veryoutdated', 'outofdate', 'chuacapnhat', 'loithoi', 'chuabat', 'paused', 'tamdung', 'notinstalled', 'chuacaidat', 'khongcaidat'].map(normaliseHeader));
const LICENCE_WORDS: Record<string, OsLicence> = Object.fromEntries([
  ...['genuine', 'activated', 'dakichhoat', 'cobanquyen', 'hople', 'valid'].map((w) => [w, 'licensed']),
  ...['notactivated', 'chuakichhoat', 'khongcobanquyen', 'khongbanquyen', 'pirated', 'invalid', 'khonghople'].map((w) => [w, 'unlicensed']),
  ...['khongro', 'chuaro', 'na', 'unknown'].map((w) => [w, 'unknown']),
]);
const licenceLabel = valueLookup(OS_LICENCES, 'endpointImport.osLicences');
const LIMITS: Partial<Record<Field, number>> = { orgCode: 32, hardwareUuid: 128, serial: 128, osName: 255, osVersion: 100, assignedTo: 255 };
const MAX_ADDRESSES = 32;
const MAX_PRODUCTS = 20;

function bool(text: string): boolean | undefined {
  const n = normaliseHeader(text);
  return YES.has(n) ? true : NO.has(n) ? false : undefined;
}

function licence(text: string): OsLicence | undefined {
  const code = licenceLabel(text);
  if ((OS_LICENCES as readonly string[]).includes(code)) return OS_LICENCES.find((l) => l === code);
  const n = normaliseHeader(text);
  if (LICENCE_WORDS[n]) return LICENCE_WORDS[n];
  const b = bool(text);
  return b === undefined ? undefined : b ? 'licensed' : 'unlicensed';
}

const list = (text: string) => [...new Set(text.split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean))];

function mac(text: string): string | undefined {
  const hex = text.replace(/[:\-.\s]/g, '');
  if (!/^[0-9a-fA-F]{12}$/.test(hex)) return undefined;
  // osquery reports lower case with colons: the same machine reads the same from both.
  return hex.toLowerCase().match(/../g)?.join(':');
}

// Vietnam keeps UTC+7 all year: a time written without a zone is Vietnamese local time.
const LOCAL_OFFSET_MINUTES = 7 * 60;

/** A date and time in ISO form, dd/mm/yyyy [hh:mm[:ss]] (also with - or .), or m/d/yyyy h:mm AM/PM. */
export function parseDateTime(text: string): Date | undefined {
  const s = text.trim();
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$/i.test(s)) {
    const d = new Date(s.replace(' ', 'T'));
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  let y: number, mo: number, d: number;
  let rest: string;
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(.*)$/.exec(s);
  if (m) {
    [y, mo, d, rest] = [Number(m[1]), Number(m[2]), Number(m[3]), m[4] ?? ''];
  } else if ((m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(.*)$/.exec(s))) {
    rest = m[4] ?? '';
    // An AM/PM time is the United States' layout: month first.
    const us = /[ap]\.?m\.?\s*$/i.test(rest);
    [d, mo, y] = us ? [Number(m[2]), Number(m[1]), Number(m[3])] : [Number(m[1]), Number(m[2]), Number(m[3])];
  } else return undefined;
  const t = /^(?:[T\s,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([ap])?\.?m?\.?)?\s*$/i.exec(rest);
  if (!t) return undefined;
  let h = Number(t[1] ?? 0);
  const min = Number(t[2] ?? 0);
  const sec = Number(t[3] ?? 0);
  const ampm = t[4]?.toLowerCase();
  if (ampm) {
    if (h < 1 || h > 12) return undefined;
    h = (h % 12) + (ampm === 'p' ? 12 : 0);
  }
  if (y < 1990 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || min > 59 || sec > 59) return undefined;
  const utc = Date.UTC(y, mo - 1, d, h, min, sec);
  if (new Date(utc).getUTCDate() !== d) return undefined;
  return new Date(utc - LOCAL_OFFSET_MINUTES * 60_000);
}

/** Turns a row's cells into typed values, and says what is wrong with each cell that cannot be. */
export function parseCells(values: Partial<Record<Field, string>>, now: Date): { parsed: ParsedValues; issues: CellIssue[] } {
  const parsed: ParsedValues = {};
  const issues: CellIssue[] = [];
  const bad = (field: Field, key: string, params: MessageParams = {}) => issues.push({ field, key, params: { field, ...params } });
  const text = (field: 'orgCode' | 'hardwareUuid' | 'serial' | 'osName' | 'osVersion' | 'assignedTo') => {
    const v = values[field];
    if (v === undefined) return;
    const max = LIMITS[field] ?? 255;
    if (v.length > max) bad(field, 'errors.endpointImport.tooLong', { max });
    else parsed[field] = v;
  };

  if (values.hostname === undefined) bad('hostname', 'errors.endpointImport.required');
  else if (!Hostname.safeParse(values.hostname).success) bad('hostname', 'errors.endpointImport.badHostname', { value: values.hostname.slice(0, 100) });
  else parsed.hostname = values.hostname;
  for (const f of ['orgCode', 'hardwareUuid', 'serial', 'osName', 'osVersion', 'assignedTo'] as const) text(f);

  if (values.ipAddresses !== undefined) {
    const ips = list(values.ipAddresses);
    const wrong = ips.filter((ip) => ip.length > 64 || isIP(ip) === 0);
    if (wrong.length) bad('ipAddresses', 'errors.endpointImport.badIp', { value: wrong.join(', ').slice(0, 100) });
    else if (ips.length > MAX_ADDRESSES) bad('ipAddresses', 'errors.endpointImport.tooMany', { max: MAX_ADDRESSES });
    else parsed.ipAddresses = ips;
  }
  if (values.macAddresses !== undefined) {
    const raw = list(values.macAddresses);
    const wrong = raw.filter((x) => !mac(x));
    if (wrong.length) bad('macAddresses', 'errors.endpointImport.badMac', { value: wrong.join(', ').slice(0, 100) });
    else if (raw.length > MAX_ADDRESSES) bad('macAddresses', 'errors.endpointImport.tooMany', { max: MAX_ADDRESSES });
    else parsed.macAddresses = [...new Set(raw.map((x) => mac(x) ?? x))];
  }
  if (values.osLicence !== undefined) {
    const l = licence(values.osLicence);
    if (l) parsed.osLicence = l;
    else bad('osLicence', 'errors.endpointImport.badLicence', { value: values.osLicence.slice(0, 100) });
  }

  // The protection flags describe the products of the row; a machine without any (a console lists
  // those too, "not installed") has nothing for them to describe.
  if (values.avProduct !== undefined) {
    const flag = (field: 'avEnabled' | 'avUpToDate'): boolean | null => {
      const v = values[field];
      if (v === undefined) return null;
      const b = bool(v);
      if (b === undefined) bad(field, 'errors.endpointImport.badBool', { value: v.slice(0, 100) });
      return b ?? null;
    };
    const enabled = flag('avEnabled');
    const upToDate = flag('avUpToDate');
    const names = [...new Set(values.avProduct.split(/[;\n]/).map((x) => x.trim()).filter(Boolean))];
    if (names.some((n) => n.length > 255)) bad('avProduct', 'errors.endpointImport.tooLong', { max: 255 });
    else if (names.length > MAX_PRODUCTS) bad('avProduct', 'errors.endpointImport.tooMany', { max: MAX_PRODUCTS });
    else parsed.avProducts = names.map((name) => ({ name, enabled, upToDate }));
  }

  if (values.lastSeen !== undefined) {
    const at = parseDateTime(values.lastSeen);
    if (!at) bad('lastSeen', 'errors.endpointImport.badDate', { value: values.lastSeen.slice(0, 100) });
    // A day's slack for clocks and zones; later than that is a typing error.
    else if (at.getTime() > now.getTime() + 86_400_000) bad('lastSeen', 'errors.endpointImport.futureDate', { value: values.lastSeen.slice(0, 100) });
    else parsed.lastSeen = at;
  }
  return { parsed, issues };
}
