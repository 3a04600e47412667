import { z } from 'zod';
import { ROLES, IT_QUALIFICATIONS } from '../domain/roles';
import { RoleAssignment } from './auth';
import { Email, Id, Locale, Name, NewPassword, OptionalText, Paging, Phone, Username, listOf } from './common';

export const RoleName = z.enum(ROLES);
export const ItQualification = z.enum(IT_QUALIFICATIONS);

/** A role held on an organisation (the same shape the session carries). */
export const UserRole = RoleAssignment;

export const User = z.object({
  id: Id,
  username: z.string(),
  fullName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  title: z.string().nullable(),
  itQualification: ItQualification.nullable(),
  locale: Locale,
  orgId: Id,
  orgName: z.string(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  totpEnabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  roles: z.array(UserRole),
  createdAt: z.string(),
  can: z.object({ update: z.boolean(), resetPassword: z.boolean(), manageRoles: z.boolean() }),
});
export type User = z.infer<typeof User>;
export const UserList = listOf(User);
export type UserList = z.infer<typeof UserList>;

export const ListUsersQuery = Paging.extend({
  orgId: Id.optional(),
  /** include users of the organisation's whole subtree */
  subtree: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(100).optional(),
  role: RoleName.optional(),
});
export type ListUsersQuery = z.infer<typeof ListUsersQuery>;

export const CreateUserBody = z.object({
  username: Username,
  fullName: Name,
  orgId: Id,
  email: Email.nullable().optional(),
  phone: Phone.nullable().optional(),
  title: OptionalText(255),
  itQualification: ItQualification.nullable().optional(),
  locale: Locale.default('vi'),
  password: NewPassword,
  roles: z.array(z.object({ role: RoleName, orgId: Id })).max(20).default([]),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const UpdateUserBody = z.object({
  fullName: Name.optional(),
  orgId: Id.optional(),
  email: Email.nullable().optional(),
  phone: Phone.nullable().optional(),
  title: OptionalText(255),
  itQualification: ItQualification.nullable().optional(),
  locale: Locale.optional(),
  disabled: z.boolean().optional(),
});
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const ResetPasswordBody = z.object({ newPassword: NewPassword, resetTotp: z.boolean().default(false) });
export type ResetPasswordBody = z.infer<typeof ResetPasswordBody>;

export const AddRoleBody = z.object({ role: RoleName, orgId: Id });
export type AddRoleBody = z.infer<typeof AddRoleBody>;
export const RoleParams = z.object({ id: Id, assignmentId: Id });
