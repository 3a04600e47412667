import { z } from 'zod';
import { ORG_KINDS, ADMIN_UNIT_KINDS } from '../domain/orgs';
import { IT_QUALIFICATIONS } from '../domain/roles';
import { Email, Id, Name, OptionalText, OrgCode, Paging, Phone, listOf } from './common';

export const OrgKind = z.enum(ORG_KINDS);
export const AdminUnitKind = z.enum(ADMIN_UNIT_KINDS);

export const Org = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  kind: OrgKind,
  adminUnitKind: AdminUnitKind.nullable(),
  parentId: Id.nullable(),
  depth: z.number().int(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  securityOfficerId: Id.nullable(),
  securityOfficerName: z.string().nullable(),
  securityOfficerQualification: z.enum(IT_QUALIFICATIONS).nullable(),
  childCount: z.number().int(),
  updatedAt: z.string(),
  can: z.object({ update: z.boolean(), delete: z.boolean(), createChild: z.boolean(), designateOfficer: z.boolean() }),
});
export type Org = z.infer<typeof Org>;

export const OrgList = listOf(Org);
export type OrgList = z.infer<typeof OrgList>;

export const ListOrgsQuery = Paging.extend({
  parentId: Id.optional(),
  /** `true` lists the roots of the caller's visible tree. */
  roots: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(100).optional(),
  kind: OrgKind.optional(),
});
export type ListOrgsQuery = z.infer<typeof ListOrgsQuery>;

export const CreateOrgBody = z.object({
  code: OrgCode,
  name: Name,
  nameEn: OptionalText(255),
  kind: OrgKind,
  adminUnitKind: AdminUnitKind.nullable().optional(),
  parentId: Id.nullable(),
  address: OptionalText(500),
  phone: Phone.nullable().optional(),
  email: Email.nullable().optional(),
});
export type CreateOrgBody = z.infer<typeof CreateOrgBody>;

export const UpdateOrgBody = CreateOrgBody.partial();
export type UpdateOrgBody = z.infer<typeof UpdateOrgBody>;

export const DesignateOfficerBody = z.object({ userId: Id.nullable() });
export type DesignateOfficerBody = z.infer<typeof DesignateOfficerBody>;

/** One row of an organisation import (CSV/XLSX), after header mapping. `parentCode` refers to an existing or earlier row. */
export const OrgImportRow = z.object({
  code: OrgCode,
  name: Name,
  kind: OrgKind,
  parentCode: OrgCode.nullable().optional(),
  adminUnitKind: AdminUnitKind.nullable().optional(),
  nameEn: OptionalText(255),
  address: OptionalText(500),
  phone: Phone.nullable().optional(),
  email: Email.nullable().optional(),
});
export type OrgImportRow = z.infer<typeof OrgImportRow>;

export const ImportRowResult = z.object({
  row: z.number().int(),
  code: z.string().nullable(),
  action: z.enum(['create', 'update', 'error']),
  errors: z.array(z.string()),
});
export type ImportRowResult = z.infer<typeof ImportRowResult>;

export const OrgImportPreview = z.object({
  importId: Id,
  rows: z.array(ImportRowResult),
  valid: z.number().int(),
  invalid: z.number().int(),
});
export type OrgImportPreview = z.infer<typeof OrgImportPreview>;

/** Commit a previewed import. With errors present, nothing is written unless `acceptValidRows` is true. */
export const CommitImportBody = z.object({ acceptValidRows: z.boolean().default(false) });
export type CommitImportBody = z.infer<typeof CommitImportBody>;

export const ImportResult = z.object({ created: z.number().int(), updated: z.number().int(), skipped: z.number().int() });
export type ImportResult = z.infer<typeof ImportResult>;
