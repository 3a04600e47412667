/**
 * Roles of the platform (PRODUCT.md §2). A role is always granted on an organisation and applies
 * to that organisation's whole subtree. What each role may do lives in server/authz/policies.ts.
 */
export const ROLES = [
  'admin',
  'authority_appraiser',
  'authority_approver',
  'soc_analyst',
  'incident_responder',
  'security_officer',
  'org_head',
  'leadership',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

/** The provincial police cyber-security division's roles (the "security authority"). */
export const AUTHORITY_ROLES: readonly Role[] = [
  'authority_appraiser',
  'authority_approver',
  'soc_analyst',
  'incident_responder',
];

/** Roles whose holders must use TOTP two-factor authentication (issue #2: administrators and the security authority). */
export const MFA_REQUIRED_ROLES: readonly Role[] = ['admin', ...AUTHORITY_ROLES];

export function requiresMfa(roles: readonly Role[]): boolean {
  return roles.some((r) => MFA_REQUIRED_ROLES.includes(r));
}

/** IT qualification of a designated security officer (the directives ask that officers be chosen for IT competence). */
export const IT_QUALIFICATIONS = [
  'none',
  'it_certificate',
  'it_college',
  'it_bachelor',
  'it_postgraduate',
  'security_certified',
] as const;
export type ItQualification = (typeof IT_QUALIFICATIONS)[number];
