-- Endpoints: every computer of every unit, whether it is protected, and the osquery agents that
-- keep the inventory current (issue #4). Forward-only.

-- Which antivirus product names count as the province's centrally managed anti-malware
-- (case-insensitive substring of the product name). Province-wide; edited by administrators.
CREATE TABLE central_av_products (
  id              uuid PRIMARY KEY,
  pattern         varchar(255) NOT NULL,
  vendor          varchar(255),
  note            varchar(500),
  created_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT central_av_products_pattern_key UNIQUE (pattern)
);
CREATE INDEX central_av_products_created_by_idx ON central_av_products (created_by);

CREATE TABLE endpoints (
  id               uuid PRIMARY KEY,
  org_id           uuid NOT NULL REFERENCES orgs(id),
  hostname         varchar(255) NOT NULL,
  hardware_uuid    varchar(128),
  serial           varchar(128),
  os_platform      text CHECK (os_platform IN ('windows','linux','macos','other')),
  os_name          varchar(255),
  os_version       varchar(100),
  os_build         varchar(100),
  os_licence       text NOT NULL DEFAULT 'unknown' CHECK (os_licence IN ('licensed','unlicensed','unknown')),
  ip_addresses     text[] NOT NULL DEFAULT '{}',
  mac_addresses    text[] NOT NULL DEFAULT '{}',
  assigned_to      varchar(255),
  -- Designated for drafting or storing state secrets: outside the coverage denominator, must not
  -- run an agent (a check-in from it is a violation).
  state_secret     boolean NOT NULL DEFAULT false,
  source           text NOT NULL CHECK (source IN ('agent','import','manual')),
  -- Derived from endpoint_av_products and central_av_products by one function
  -- (server/modules/endpoints/protection.ts), so that coverage is a plain GROUP BY.
  has_any_av       boolean NOT NULL DEFAULT false,
  has_central_av   boolean NOT NULL DEFAULT false,
  av_up_to_date    boolean,
  -- Last seen according to an imported console export or a manual entry; agents' check-ins are
  -- kept in endpoint_checkins so that they never rewrite this row.
  reported_seen_at timestamptz,
  notes            varchar(2000),
  retired_at       timestamptz,
  created_by       uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX endpoints_org_idx ON endpoints (org_id);
CREATE INDEX endpoints_created_by_idx ON endpoints (created_by);
CREATE UNIQUE INDEX endpoints_org_hardware_key ON endpoints (org_id, lower(hardware_uuid)) WHERE hardware_uuid IS NOT NULL;
CREATE INDEX endpoints_org_serial_idx ON endpoints (org_id, lower(serial)) WHERE serial IS NOT NULL;
CREATE INDEX endpoints_org_hostname_idx ON endpoints (org_id, lower(hostname));

-- Antivirus products installed on a machine and their state (null: not known).
CREATE TABLE endpoint_av_products (
  endpoint_id     uuid NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
  name            varchar(255) NOT NULL,
  enabled         boolean,
  up_to_date      boolean,
  source          text NOT NULL CHECK (source IN ('agent','import','manual')),
  reported_at     timestamptz NOT NULL,
  PRIMARY KEY (endpoint_id, name)
);

-- Installed programs (matched against early warnings, issue #5).
CREATE TABLE endpoint_programs (
  endpoint_id     uuid NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
  name            varchar(255) NOT NULL,
  version         varchar(100) NOT NULL DEFAULT '',
  publisher       varchar(255),
  PRIMARY KEY (endpoint_id, name, version)
);
CREATE INDEX endpoint_programs_name_idx ON endpoint_programs (lower(name));

-- Agent check-in bookkeeping: a narrow row per machine, written in batches.
CREATE TABLE endpoint_checkins (
  endpoint_id     uuid PRIMARY KEY REFERENCES endpoints(id) ON DELETE CASCADE,
  seen_at         timestamptz NOT NULL,
  ip              varchar(64)
);

-- Enrol secrets: one organisation each; only the SHA-256 is kept (shown once on creation).
CREATE TABLE enroll_secrets (
  id              uuid PRIMARY KEY,
  org_id          uuid NOT NULL REFERENCES orgs(id),
  name            varchar(255) NOT NULL,
  secret_hash     char(64) NOT NULL,
  hint            varchar(16) NOT NULL,
  created_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  last_used_at    timestamptz,
  revoked_at      timestamptz,
  revoked_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  CONSTRAINT enroll_secrets_hash_key UNIQUE (secret_hash)
);
CREATE INDEX enroll_secrets_org_idx ON enroll_secrets (org_id);
CREATE INDEX enroll_secrets_created_by_idx ON enroll_secrets (created_by);
CREATE INDEX enroll_secrets_revoked_by_idx ON enroll_secrets (revoked_by);

-- An enrolled osquery node (osquery's remote API): its node key is kept as SHA-256 only.
CREATE TABLE agent_nodes (
  id               uuid PRIMARY KEY,
  endpoint_id      uuid NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
  org_id           uuid NOT NULL REFERENCES orgs(id),
  enroll_secret_id uuid REFERENCES enroll_secrets(id) ON DELETE SET NULL,
  node_key_hash    char(64) NOT NULL,
  host_identifier  varchar(255) NOT NULL,
  platform         varchar(64),
  osquery_version  varchar(64),
  enrolled_at      timestamptz NOT NULL DEFAULT now(),
  revoked_at       timestamptz,
  CONSTRAINT agent_nodes_key UNIQUE (node_key_hash)
);
CREATE INDEX agent_nodes_endpoint_idx ON agent_nodes (endpoint_id);
CREATE INDEX agent_nodes_org_idx ON agent_nodes (org_id);
CREATE INDEX agent_nodes_secret_idx ON agent_nodes (enroll_secret_id);

-- Digest of the last snapshot of each scheduled query per node: unchanged snapshots write nothing.
CREATE TABLE agent_query_state (
  node_id         uuid NOT NULL REFERENCES agent_nodes(id) ON DELETE CASCADE,
  query_name      varchar(128) NOT NULL,
  digest          char(64) NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (node_id, query_name)
);

-- Live (distributed) queries sent to agents, and what each node answered.
CREATE TABLE distributed_queries (
  id              uuid PRIMARY KEY,
  org_id          uuid NOT NULL REFERENCES orgs(id),
  endpoint_id     uuid REFERENCES endpoints(id) ON DELETE CASCADE,
  name            varchar(255) NOT NULL,
  sql             varchar(10000) NOT NULL,
  created_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL
);
CREATE INDEX distributed_queries_org_idx ON distributed_queries (org_id);
CREATE INDEX distributed_queries_endpoint_idx ON distributed_queries (endpoint_id);
CREATE INDEX distributed_queries_created_by_idx ON distributed_queries (created_by);
CREATE INDEX distributed_queries_expires_idx ON distributed_queries (expires_at);

CREATE TABLE distributed_results (
  query_id        uuid NOT NULL REFERENCES distributed_queries(id) ON DELETE CASCADE,
  node_id         uuid NOT NULL REFERENCES agent_nodes(id) ON DELETE CASCADE,
  org_id          uuid NOT NULL REFERENCES orgs(id),
  status          integer NOT NULL,
  rows            jsonb NOT NULL DEFAULT '[]',
  message         varchar(2000),
  received_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (query_id, node_id)
);
CREATE INDEX distributed_results_node_idx ON distributed_results (node_id);
CREATE INDEX distributed_results_org_idx ON distributed_results (org_id);

-- Rule breaches the security authority must see (a state-secret machine running an agent).
CREATE TABLE endpoint_violations (
  id               uuid PRIMARY KEY,
  endpoint_id      uuid NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
  org_id           uuid NOT NULL REFERENCES orgs(id),
  kind             text NOT NULL CHECK (kind IN ('state_secret_agent')),
  first_seen_at    timestamptz NOT NULL,
  last_seen_at     timestamptz NOT NULL,
  occurrences      integer NOT NULL DEFAULT 1,
  resolved_at      timestamptz,
  resolved_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  resolution_note  varchar(2000)
);
CREATE INDEX endpoint_violations_endpoint_idx ON endpoint_violations (endpoint_id);
CREATE INDEX endpoint_violations_org_idx ON endpoint_violations (org_id);
CREATE INDEX endpoint_violations_resolved_by_idx ON endpoint_violations (resolved_by);
CREATE UNIQUE INDEX endpoint_violations_open_key ON endpoint_violations (endpoint_id, kind) WHERE resolved_at IS NULL;

-- Coverage of each organisation's own machines, one row per day (the trend); subtrees are summed
-- through orgs.path when read.
CREATE TABLE coverage_daily (
  day             date NOT NULL,
  org_id          uuid NOT NULL REFERENCES orgs(id),
  total           integer NOT NULL,
  excluded        integer NOT NULL,
  central_av      integer NOT NULL,
  any_av          integer NOT NULL,
  licensed_os     integer NOT NULL,
  seen            integer NOT NULL,
  PRIMARY KEY (day, org_id)
);
CREATE INDEX coverage_daily_org_idx ON coverage_daily (org_id);

-- Column mapping of a console export, saved per source (e.g. "Kaspersky Security Center") and unit.
CREATE TABLE import_mappings (
  id              uuid PRIMARY KEY,
  org_id          uuid NOT NULL REFERENCES orgs(id),
  source          varchar(100) NOT NULL,
  mapping         jsonb NOT NULL,
  updated_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT import_mappings_source_key UNIQUE (org_id, source)
);
CREATE INDEX import_mappings_updated_by_idx ON import_mappings (updated_by);

ALTER TABLE imports DROP CONSTRAINT imports_kind_check;
ALTER TABLE imports ADD CONSTRAINT imports_kind_check CHECK (kind IN ('orgs','systems','endpoints'));
