-- Foundation: organisations, users, roles, sessions, API tokens, audit log, rate limits, imports.
-- Forward-only. Never edit once released: add 0002_… instead.

CREATE TABLE orgs (
  id                   uuid PRIMARY KEY,
  code                 varchar(32)  NOT NULL,
  name                 varchar(255) NOT NULL,
  name_en              varchar(255),
  kind                 text NOT NULL CHECK (kind IN ('province','department','agency','police','commune','service_center','unit')),
  admin_unit_kind      text CHECK (admin_unit_kind IN ('commune','ward','special_zone')),
  parent_id            uuid REFERENCES orgs(id),
  -- Materialised path of ids, '/<root>/<child>/…/<self>/': the scope builder (server/authz/scope.ts)
  -- selects a subtree with `path LIKE prefix || '%'`. Maintained only by the orgs module.
  path                 text NOT NULL,
  depth                integer NOT NULL,
  address              varchar(500),
  phone                varchar(32),
  email                varchar(254),
  security_officer_id  uuid,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT orgs_root_is_province CHECK ((parent_id IS NULL) = (kind = 'province'))
);
CREATE UNIQUE INDEX orgs_code_key ON orgs (lower(code));
CREATE UNIQUE INDEX orgs_path_key ON orgs (path text_pattern_ops);
CREATE INDEX orgs_parent_id_idx ON orgs (parent_id);

CREATE TABLE users (
  id                   uuid PRIMARY KEY,
  org_id               uuid NOT NULL REFERENCES orgs(id),
  username             varchar(64) NOT NULL,
  full_name            varchar(255) NOT NULL,
  email                varchar(254),
  phone                varchar(32),
  title                varchar(255),
  it_qualification     text CHECK (it_qualification IN ('none','it_certificate','it_college','it_bachelor','it_postgraduate','security_certified')),
  locale               text NOT NULL DEFAULT 'vi' CHECK (locale IN ('vi','en')),
  password_hash        text NOT NULL,
  must_change_password boolean NOT NULL DEFAULT false,
  totp_secret          text,
  totp_pending_secret  text,
  totp_enabled_at      timestamptz,
  failed_logins        integer NOT NULL DEFAULT 0,
  locked_until         timestamptz,
  disabled_at          timestamptz,
  last_login_at        timestamptz,
  password_changed_at  timestamptz NOT NULL DEFAULT now(),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_key ON users (username);
CREATE INDEX users_org_id_idx ON users (org_id);

ALTER TABLE orgs ADD CONSTRAINT orgs_security_officer_fk FOREIGN KEY (security_officer_id) REFERENCES users(id) ON DELETE SET NULL;
CREATE INDEX orgs_security_officer_id_idx ON orgs (security_officer_id);

-- A role is granted on an organisation and applies to its whole subtree.
CREATE TABLE role_assignments (
  id          uuid PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role        text NOT NULL CHECK (role IN ('admin','authority_appraiser','authority_approver','soc_analyst','incident_responder','security_officer','org_head','leadership','viewer')),
  org_id      uuid NOT NULL REFERENCES orgs(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  uuid REFERENCES users(id) ON DELETE SET NULL,
  CONSTRAINT role_assignments_unique UNIQUE (user_id, role, org_id)
);
CREATE INDEX role_assignments_org_id_idx ON role_assignments (org_id);
CREATE INDEX role_assignments_created_by_idx ON role_assignments (created_by);

-- Sessions live in the database so that any app instance can serve any request.
-- `id` is the SHA-256 of the cookie value; the cookie value itself is never stored.
CREATE TABLE sessions (
  id            text PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token    text NOT NULL,
  mfa           text NOT NULL CHECK (mfa IN ('none','verify','enroll')),
  ip            varchar(64),
  user_agent    varchar(500),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

-- Tokens for machine clients. Only a SHA-256 of the secret is kept.
CREATE TABLE api_tokens (
  id            uuid PRIMARY KEY,
  name          varchar(255) NOT NULL,
  prefix        varchar(16) NOT NULL,
  secret_hash   text NOT NULL,
  org_id        uuid NOT NULL REFERENCES orgs(id),
  actions       text[] NOT NULL,
  created_by    uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  expires_at    timestamptz,
  revoked_at    timestamptz
);
CREATE UNIQUE INDEX api_tokens_secret_hash_key ON api_tokens (secret_hash);
CREATE INDEX api_tokens_org_id_idx ON api_tokens (org_id);
CREATE INDEX api_tokens_created_by_idx ON api_tokens (created_by);

-- Shared counters for rate limiting across app instances.
CREATE TABLE rate_limits (
  key         text PRIMARY KEY,
  count       integer NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX rate_limits_expires_at_idx ON rate_limits (expires_at);

-- Uploaded imports waiting for the user's confirmation (preview → commit).
CREATE TABLE imports (
  id           uuid PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('orgs')),
  org_id       uuid NOT NULL REFERENCES orgs(id),
  created_by   uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  file_name    varchar(255) NOT NULL,
  rows         jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  committed_at timestamptz
);
CREATE INDEX imports_org_id_idx ON imports (org_id);
CREATE INDEX imports_created_by_idx ON imports (created_by);

-- The audit log: append-only and hash-chained (server/audit/audit.ts). `seq` is assigned under an
-- advisory lock as previous + 1, so a deleted row shows as a gap; `hash` covers the row and the
-- previous hash, so an edited row breaks the chain; audit_head pins the tail.
CREATE TABLE audit_log (
  seq            bigint PRIMARY KEY,
  at             timestamptz NOT NULL,
  actor_id       uuid,
  actor_label    varchar(255) NOT NULL,
  org_id         uuid,
  action         varchar(100) NOT NULL,
  entity_type    varchar(100) NOT NULL,
  entity_id      varchar(100),
  before         jsonb,
  after          jsonb,
  ip             varchar(64),
  request_id     varchar(64),
  prev_hash      char(64) NOT NULL,
  hash           char(64) NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_org_id_idx ON audit_log (org_id);
CREATE INDEX audit_log_actor_id_idx ON audit_log (actor_id);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);

CREATE TABLE audit_head (
  id    boolean PRIMARY KEY DEFAULT true CHECK (id),
  seq   bigint NOT NULL,
  hash  char(64) NOT NULL
);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
