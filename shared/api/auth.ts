import { z } from 'zod';
import { ROLES, IT_QUALIFICATIONS } from '../domain/roles';
import { Id, Locale, NewPassword } from './common';

export const LoginBody = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const TotpCode = z.object({ code: z.string().trim().regex(/^[0-9]{6}$/) });
export type TotpCode = z.infer<typeof TotpCode>;

/**
 * Where the session stands: `none` — fully signed in; `verify` — password accepted, a TOTP code
 * is needed; `enroll` — the user's role requires two-factor and it must be set up first.
 */
export const MfaStep = z.enum(['none', 'verify', 'enroll']);
export type MfaStep = z.infer<typeof MfaStep>;

export const RoleAssignment = z.object({
  id: Id,
  role: z.enum(ROLES),
  orgId: Id,
  orgName: z.string(),
  orgCode: z.string(),
});
export type RoleAssignment = z.infer<typeof RoleAssignment>;

export const SessionUser = z.object({
  id: Id,
  username: z.string(),
  fullName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  title: z.string().nullable(),
  itQualification: z.enum(IT_QUALIFICATIONS).nullable(),
  locale: Locale,
  orgId: Id,
  orgName: z.string(),
  mustChangePassword: z.boolean(),
  totpEnabled: z.boolean(),
  roles: z.array(RoleAssignment),
});
export type SessionUser = z.infer<typeof SessionUser>;

/** The signed-in state the web app bootstraps from. `can` lists the actions held somewhere. */
export const SessionInfo = z.object({
  user: SessionUser,
  mfa: MfaStep,
  csrfToken: z.string(),
  can: z.record(z.string(), z.boolean()),
  expiresAt: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const TotpSetup = z.object({ secret: z.string(), otpauthUri: z.string(), qrDataUrl: z.string() });
export type TotpSetup = z.infer<typeof TotpSetup>;

export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: NewPassword,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export const UpdateProfileBody = z.object({
  fullName: z.string().trim().min(1).max(255).optional(),
  email: z.string().trim().max(254).pipe(z.email()).nullable().optional(),
  phone: z.string().trim().max(32).regex(/^[0-9+()\s.-]{6,32}$/).nullable().optional(),
  title: z.string().trim().max(255).nullable().optional(),
  locale: Locale.optional(),
});
export type UpdateProfileBody = z.infer<typeof UpdateProfileBody>;

export const SetLocaleBody = z.object({ locale: Locale });
