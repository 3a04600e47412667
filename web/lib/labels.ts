import type { TFunction } from 'i18next';
import { ADMIN_UNIT_KINDS, ORG_KINDS, type AdminUnitKind, type OrgKind } from '@shared/domain/orgs';
import { IT_QUALIFICATIONS, ROLES, type ItQualification, type Role } from '@shared/domain/roles';

/** Translated names of the shared domain constants; the catalogue test checks every one exists. */
export function roleLabel(t: TFunction, role: Role): string {
  return t(`roles.${role}`);
}

export function orgKindLabel(t: TFunction, kind: OrgKind): string {
  return t(`orgKinds.${kind}`);
}

export function adminUnitKindLabel(t: TFunction, kind: AdminUnitKind): string {
  return t(`adminUnitKinds.${kind}`);
}

function isItQualification(value: string): value is ItQualification {
  return IT_QUALIFICATIONS.some((q) => q === value);
}

/** Accepts the free string of `Org.securityOfficerQualification` too; unknown values show as sent. */
export function itQualificationLabel(t: TFunction, value: string | null | undefined): string {
  if (!value) return t('itQualifications.unknown');
  return isItQualification(value) ? t(`itQualifications.${value}`) : value;
}

export function tokenActionLabel(t: TFunction, action: string): string {
  return t(`tokenActions.${action}`, { defaultValue: action });
}

export const roleOptions = (t: TFunction) => ROLES.map((value) => ({ value, label: roleLabel(t, value) }));
export const orgKindOptions = (t: TFunction, kinds: readonly OrgKind[] = ORG_KINDS) =>
  kinds.map((value) => ({ value, label: orgKindLabel(t, value) }));
export const adminUnitKindOptions = (t: TFunction) =>
  ADMIN_UNIT_KINDS.map((value) => ({ value, label: adminUnitKindLabel(t, value) }));
export const itQualificationOptions = (t: TFunction) =>
  IT_QUALIFICATIONS.map((value) => ({ value, label: itQualificationLabel(t, value) }));
