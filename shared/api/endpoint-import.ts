/**
 * Contracts of the import of a central anti-malware console's export (issue #4): a CSV or XLSX file
 * whose columns are mapped to our fields (the mapping is saved per organisation and source), a
 * preview that writes nothing, and a commit that creates or updates machines, matched by hardware
 * id, then serial, then hostname within the organisation.
 */
import { z } from 'zod';
import { Id } from './common';

/** The fields a column can be mapped to, in the order the wizard shows them. */
export const ENDPOINT_IMPORT_FIELDS = [
  'orgCode',
  'hostname',
  'hardwareUuid',
  'serial',
  'ipAddresses',
  'macAddresses',
  'osName',
  'osVersion',
  'osLicence',
  'avProduct',
  'avEnabled',
  'avUpToDate',
  'lastSeen',
  'assignedTo',
] as const;
export type EndpointImportField = (typeof ENDPOINT_IMPORT_FIELDS)[number];
export const REQUIRED_ENDPOINT_IMPORT_FIELDS: readonly EndpointImportField[] = ['hostname'];

/** Rows per file, as for the other imports. */
export const MAX_ENDPOINT_IMPORT_ROWS = 5000;

/** A console's name as people call it ("Kaspersky Security Center"): the key of a saved mapping. */
export const ImportSource = z.string().trim().min(1).max(100);

/** Field → the column header of the file that holds it. */
export const EndpointImportMapping = z.partialRecord(z.enum(ENDPOINT_IMPORT_FIELDS), z.string().trim().min(1).max(255));
export type EndpointImportMapping = z.infer<typeof EndpointImportMapping>;

/**
 * The text fields sent with the file (multipart/form-data): the organisation rows without a unit code
 * go to, the source, and optionally the mapping as JSON. Without a mapping the one saved for the
 * organisation and source is used, else one guessed from the headers.
 */
export const EndpointImportPreviewFields = z.object({
  orgId: Id,
  source: ImportSource,
  mapping: EndpointImportMapping.optional(),
});
export type EndpointImportPreviewFields = z.infer<typeof EndpointImportPreviewFields>;

/** Which existing machine a row matches, and by which key. */
export const EndpointMatch = z.object({
  endpointId: Id,
  hostname: z.string(),
  by: z.enum(['hardwareUuid', 'serial', 'hostname']),
});
export type EndpointMatch = z.infer<typeof EndpointMatch>;

export const EndpointImportRowError = z.object({
  /** The field the error is about (null: the row as a whole). */
  field: z.enum(ENDPOINT_IMPORT_FIELDS).nullable(),
  message: z.string(),
});
export type EndpointImportRowError = z.infer<typeof EndpointImportRowError>;

export const ENDPOINT_IMPORT_ACTIONS = ['create', 'update', 'unchanged', 'error'] as const;
export type EndpointImportAction = (typeof ENDPOINT_IMPORT_ACTIONS)[number];

export const EndpointImportRowResult = z.object({
  /** Row number in the sheet (the header is row 1 unless notes sit above it). */
  row: z.number().int(),
  hostname: z.string().nullable(),
  orgCode: z.string().nullable(),
  action: z.enum(ENDPOINT_IMPORT_ACTIONS),
  match: EndpointMatch.nullable(),
  /** For an update: the fields that change. */
  changes: z.array(z.enum(ENDPOINT_IMPORT_FIELDS)),
  errors: z.array(EndpointImportRowError),
});
export type EndpointImportRowResult = z.infer<typeof EndpointImportRowResult>;

/** A problem with the mapping itself: a field with no column, or a column the file does not have. */
export const MappingError = z.object({
  field: z.enum(ENDPOINT_IMPORT_FIELDS).nullable(),
  column: z.string().nullable(),
  message: z.string(),
});
export type MappingError = z.infer<typeof MappingError>;

export const EndpointImportSummary = z.object({
  total: z.number().int(),
  create: z.number().int(),
  update: z.number().int(),
  unchanged: z.number().int(),
  error: z.number().int(),
});
export type EndpointImportSummary = z.infer<typeof EndpointImportSummary>;

/**
 * What a file would do. When the mapping was not given and the saved or guessed one is incomplete,
 * `mappingErrors` says why, `importId` is null and there are no rows: choose the columns and preview
 * again. (A mapping that was given and is wrong is refused with a 400 naming the column or field.)
 */
export const EndpointImportPreview = z.object({
  importId: Id.nullable(),
  orgId: Id,
  source: z.string(),
  headers: z.array(z.string()),
  mapping: EndpointImportMapping,
  mappingFrom: z.enum(['request', 'saved', 'guessed']),
  mappingErrors: z.array(MappingError),
  rows: z.array(EndpointImportRowResult),
  summary: EndpointImportSummary,
});
export type EndpointImportPreview = z.infer<typeof EndpointImportPreview>;

export const CommitEndpointImportBody = z.object({
  importId: Id,
  /** Keep this file's mapping for the next import of the same source into the same organisation. */
  saveMapping: z.boolean().default(false),
});
export type CommitEndpointImportBody = z.infer<typeof CommitEndpointImportBody>;

export const EndpointImportResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  mappingSaved: z.boolean(),
});
export type EndpointImportResult = z.infer<typeof EndpointImportResult>;

export const ListImportMappingsQuery = z.object({
  /** Only the mappings that apply to this organisation (its own and its ancestors' the caller sees). */
  orgId: Id.optional(),
});
export type ListImportMappingsQuery = z.infer<typeof ListImportMappingsQuery>;

export const SavedImportMapping = z.object({
  id: Id,
  orgId: Id,
  orgName: z.string(),
  source: z.string(),
  mapping: EndpointImportMapping,
  updatedAt: z.string(),
});
export type SavedImportMapping = z.infer<typeof SavedImportMapping>;

export const SavedImportMappingList = z.object({ items: z.array(SavedImportMapping), total: z.number().int() });
export type SavedImportMappingList = z.infer<typeof SavedImportMappingList>;
