-- SOC coverage of important information systems and alert intake (issue #5). Forward-only.

-- The SOC connection of one information system: which monitoring centre its events feed, since when,
-- and by which source identifiers (agent names, host names, addresses) its events are recognised.
-- org_id follows the system's organisation (kept equal by the soc module on every write) for scope.
CREATE TABLE soc_connections (
  system_id           uuid PRIMARY KEY REFERENCES information_systems(id) ON DELETE CASCADE,
  org_id              uuid NOT NULL REFERENCES orgs(id),
  status              text NOT NULL DEFAULT 'not_connected' CHECK (status IN ('not_connected','in_progress','connected')),
  -- Law on Cybersecurity 2025 Art. 40: the National Cyber Security Center, the provincial centre or another SOC.
  center_kind         text CHECK (center_kind IN ('national_ncsc','provincial','other')),
  center_name         varchar(255),
  provider            varchar(255),
  connected_on        date,
  -- Lower-cased; an identifier names at most one system (checked by the soc module on write).
  source_identifiers  text[] NOT NULL DEFAULT '{}',
  log_retention_days  integer CHECK (log_retention_days BETWEEN 0 AND 36500),
  -- When the SOC last sent anything for this system (the time the platform received it).
  last_event_at       timestamptz,
  note                varchar(2000),
  updated_by          uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX soc_connections_org_idx ON soc_connections (org_id);
CREATE INDEX soc_connections_updated_by_idx ON soc_connections (updated_by);
CREATE INDEX soc_connections_identifiers_idx ON soc_connections USING gin (source_identifiers);

-- Province-wide SOC settings (one row): after how many hours of silence a connected system's feed
-- counts as quiet, i.e. the system is no longer monitored.
CREATE TABLE soc_settings (
  id            boolean PRIMARY KEY DEFAULT true CHECK (id),
  quiet_hours   integer NOT NULL DEFAULT 24 CHECK (quiet_hours BETWEEN 1 AND 8760),
  updated_by    uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX soc_settings_updated_by_idx ON soc_settings (updated_by);
INSERT INTO soc_settings (id, quiet_hours) VALUES (true, 24);

-- Normalised alerts from Wazuh (HTTP) and syslog/CEF (UDP, TCP). The raw event is kept.
CREATE TABLE alerts (
  id               uuid PRIMARY KEY,
  org_id           uuid NOT NULL REFERENCES orgs(id),
  system_id        uuid REFERENCES information_systems(id) ON DELETE SET NULL,
  source           text NOT NULL CHECK (source IN ('wazuh','cef','syslog')),
  source_ref       varchar(255),
  -- sha256(source ‖ source_ref), or of the canonical raw event when the source gives no id.
  dedup_key        char(64) NOT NULL,
  occurred_at      timestamptz NOT NULL,
  received_at      timestamptz NOT NULL DEFAULT now(),
  rule_id          varchar(100),
  rule_name        varchar(1000) NOT NULL,
  rule_groups      text[] NOT NULL DEFAULT '{}',
  severity         text NOT NULL CHECK (severity IN ('low','medium','high','critical')),
  source_severity  varchar(50),
  host             varchar(255),
  host_ip          varchar(64),
  src_ip           varchar(64),
  src_port         integer,
  dst_ip           varchar(64),
  dst_port         integer,
  status           text NOT NULL DEFAULT 'new' CHECK (status IN ('new','acknowledged','false_positive','promoted')),
  -- The incident an alert was promoted to; the foreign key is added by the incidents migration (0010).
  incident_id      uuid,
  triaged_by       uuid REFERENCES users(id) ON DELETE SET NULL,
  triaged_at       timestamptz,
  triage_note      varchar(2000),
  raw              jsonb NOT NULL
);
CREATE UNIQUE INDEX alerts_dedup_key ON alerts (dedup_key);
CREATE INDEX alerts_org_occurred_idx ON alerts (org_id, occurred_at DESC);
CREATE INDEX alerts_occurred_idx ON alerts (occurred_at DESC);
CREATE INDEX alerts_system_idx ON alerts (system_id, occurred_at DESC);
CREATE INDEX alerts_status_idx ON alerts (status, occurred_at DESC);
CREATE INDEX alerts_severity_idx ON alerts (severity, occurred_at DESC);
CREATE INDEX alerts_rule_idx ON alerts (rule_id);
CREATE INDEX alerts_host_idx ON alerts (lower(host));
CREATE INDEX alerts_incident_idx ON alerts (incident_id);
CREATE INDEX alerts_triaged_by_idx ON alerts (triaged_by);

-- Refused input, counted per day, channel, reason and source (a token's prefix, a sender's address):
-- never the refused bodies themselves beyond one short sample.
CREATE TABLE alert_rejections (
  day          date NOT NULL,
  channel      text NOT NULL CHECK (channel IN ('wazuh','syslog_udp','syslog_tcp')),
  reason       varchar(100) NOT NULL,
  source       varchar(255) NOT NULL DEFAULT '',
  -- The organisation of the token or sender when it is known (null: unknown token or sender).
  org_id       uuid REFERENCES orgs(id),
  count        bigint NOT NULL DEFAULT 0,
  last_sample  varchar(500),
  last_at      timestamptz NOT NULL,
  PRIMARY KEY (day, channel, reason, source)
);
CREATE INDEX alert_rejections_org_idx ON alert_rejections (org_id);
CREATE INDEX alert_rejections_last_at_idx ON alert_rejections (last_at DESC);
