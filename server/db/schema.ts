/**
 * Table definitions and row types for the query layer (Drizzle). The SQL migrations in ./migrations
 * are the source of truth for the database; this file mirrors them and schema.test.ts compares the
 * two through information_schema, so they cannot drift. Column names are snake_case in SQL and
 * camelCase here (casing: 'snake_case' in connect.ts).
 */
import {
  bigint,
  boolean,
  char,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import type { OrgKind, AdminUnitKind } from '@shared/domain/orgs';
import type { ItQualification, Role } from '@shared/domain/roles';
import type { Locale } from '@shared/api/common';

const ts = (name?: string) =>
  name ? timestamp(name, { withTimezone: true, mode: 'date' }) : timestamp({ withTimezone: true, mode: 'date' });

export const orgs = pgTable('orgs', {
  id: uuid().primaryKey(),
  code: varchar({ length: 32 }).notNull(),
  name: varchar({ length: 255 }).notNull(),
  nameEn: varchar({ length: 255 }),
  kind: text().$type<OrgKind>().notNull(),
  adminUnitKind: text().$type<AdminUnitKind>(),
  parentId: uuid(),
  path: text().notNull(),
  depth: integer().notNull(),
  address: varchar({ length: 500 }),
  phone: varchar({ length: 32 }),
  email: varchar({ length: 254 }),
  securityOfficerId: uuid(),
  createdAt: ts().notNull().defaultNow(),
  updatedAt: ts().notNull().defaultNow(),
});
export type OrgRow = typeof orgs.$inferSelect;

export const users = pgTable('users', {
  id: uuid().primaryKey(),
  orgId: uuid().notNull(),
  username: varchar({ length: 64 }).notNull(),
  fullName: varchar({ length: 255 }).notNull(),
  email: varchar({ length: 254 }),
  phone: varchar({ length: 32 }),
  title: varchar({ length: 255 }),
  itQualification: text().$type<ItQualification>(),
  locale: text().$type<Locale>().notNull().default('vi'),
  passwordHash: text().notNull(),
  mustChangePassword: boolean().notNull().default(false),
  totpSecret: text(),
  totpPendingSecret: text(),
  totpEnabledAt: ts(),
  totpLastStep: bigint({ mode: 'number' }),
  failedLogins: integer().notNull().default(0),
  lockedUntil: ts(),
  disabledAt: ts(),
  lastLoginAt: ts(),
  passwordChangedAt: ts().notNull().defaultNow(),
  createdAt: ts().notNull().defaultNow(),
  updatedAt: ts().notNull().defaultNow(),
});
export type UserRow = typeof users.$inferSelect;

export const roleAssignments = pgTable('role_assignments', {
  id: uuid().primaryKey(),
  userId: uuid().notNull(),
  role: text().$type<Role>().notNull(),
  orgId: uuid().notNull(),
  createdAt: ts().notNull().defaultNow(),
  createdBy: uuid(),
});

export const sessions = pgTable('sessions', {
  id: text().primaryKey(),
  userId: uuid().notNull(),
  csrfToken: text().notNull(),
  mfa: text().$type<'none' | 'verify' | 'enroll'>().notNull(),
  ip: varchar({ length: 64 }),
  userAgent: varchar({ length: 500 }),
  createdAt: ts().notNull().defaultNow(),
  lastSeenAt: ts().notNull().defaultNow(),
  expiresAt: ts().notNull(),
  revokedAt: ts(),
});
export type SessionRow = typeof sessions.$inferSelect;

export const apiTokens = pgTable('api_tokens', {
  id: uuid().primaryKey(),
  name: varchar({ length: 255 }).notNull(),
  prefix: varchar({ length: 16 }).notNull(),
  secretHash: text().notNull(),
  orgId: uuid().notNull(),
  actions: text().array().notNull(),
  createdBy: uuid(),
  createdAt: ts().notNull().defaultNow(),
  lastUsedAt: ts(),
  expiresAt: ts(),
  revokedAt: ts(),
});
export type ApiTokenRow = typeof apiTokens.$inferSelect;

export const rateLimits = pgTable('rate_limits', {
  key: text().primaryKey(),
  count: integer().notNull(),
  expiresAt: ts().notNull(),
});

export const imports = pgTable('imports', {
  id: uuid().primaryKey(),
  kind: text().$type<'orgs'>().notNull(),
  orgId: uuid().notNull(),
  createdBy: uuid().notNull(),
  fileName: varchar({ length: 255 }).notNull(),
  rows: jsonb().notNull(),
  createdAt: ts().notNull().defaultNow(),
  committedAt: ts(),
});

export const auditLog = pgTable('audit_log', {
  seq: bigint({ mode: 'number' }).primaryKey(),
  at: ts().notNull(),
  actorId: uuid(),
  actorLabel: varchar({ length: 255 }).notNull(),
  orgId: uuid(),
  action: varchar({ length: 100 }).notNull(),
  entityType: varchar({ length: 100 }).notNull(),
  entityId: varchar({ length: 100 }),
  before: jsonb(),
  after: jsonb(),
  ip: varchar({ length: 64 }),
  requestId: varchar({ length: 64 }),
  prevHash: char({ length: 64 }).notNull(),
  hash: char({ length: 64 }).notNull(),
});
export type AuditRow = typeof auditLog.$inferSelect;

export const auditHead = pgTable('audit_head', {
  id: boolean().primaryKey().default(true),
  seq: bigint({ mode: 'number' }).notNull(),
  hash: char({ length: 64 }).notNull(),
});

/** Tables whose rows belong to an organisation: every read of them goes through authz/scope.ts. */
export const ORG_OWNED_TABLES = ['orgs', 'users', 'role_assignments', 'api_tokens', 'imports', 'audit_log'] as const;
