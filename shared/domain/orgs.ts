/**
 * The two-level local-government tree (from 1/7/2025): province → departments, agencies, the
 * provincial police and communes/wards/special zones → their units, among them the Public
 * Administrative Service Centers (Decree 118/2025/NĐ-CP). See shared/domain/legal-framework §8, §10.2.
 */
export const ORG_KINDS = [
  'province',
  'department',
  'agency',
  'police',
  'commune',
  'service_center',
  'unit',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Commune-level administrative unit kinds: xã, phường, đặc khu. */
export const ADMIN_UNIT_KINDS = ['commune', 'ward', 'special_zone'] as const;
export type AdminUnitKind = (typeof ADMIN_UNIT_KINDS)[number];

/** Which kinds may sit directly under a parent of the given kind (null = the root). */
export function allowedChildKinds(parentKind: OrgKind | null): readonly OrgKind[] {
  switch (parentKind) {
    case null:
      return ['province'];
    case 'province':
      return ['department', 'agency', 'police', 'commune', 'service_center', 'unit'];
    case 'department':
    case 'agency':
    case 'police':
    case 'commune':
      return ['service_center', 'unit'];
    case 'service_center':
    case 'unit':
      return ['unit'];
  }
}

export function isChildKindAllowed(parentKind: OrgKind | null, kind: OrgKind): boolean {
  return allowedChildKinds(parentKind).includes(kind);
}
