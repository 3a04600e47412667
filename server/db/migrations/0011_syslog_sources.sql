-- Syslog senders (issue #5): the network devices, SIEMs and relays a unit allows to send CEF alerts
-- over syslog (UDP and TCP, KHIEN_SYSLOG_PORT). A datagram or connection whose address lies in none
-- of the enabled sources' blocks is refused and counted (alert_rejections, reason unknown_sender);
-- the alerts of a source belong to its organisation unless a system's source identifier names them.
-- Forward-only.
CREATE TABLE syslog_sources (
  id                uuid PRIMARY KEY,
  org_id            uuid NOT NULL REFERENCES orgs(id),
  name              varchar(255) NOT NULL,
  -- CIDR blocks or single addresses, canonical text ("10.20.0.0/16", "2001:db8::/32"), validated
  -- by shared/domain/cidr.ts; the most specific block wins when enabled sources overlap.
  senders           text[] NOT NULL CHECK (cardinality(senders) BETWEEN 1 AND 50),
  enabled           boolean NOT NULL DEFAULT true,
  note              varchar(1000),
  -- Counters kept by the listener (added every few seconds, not audited): messages received from
  -- the source's senders, and alerts stored from them (duplicates and refusals not counted).
  received_count    bigint NOT NULL DEFAULT 0,
  stored_count      bigint NOT NULL DEFAULT 0,
  last_received_at  timestamptz,
  created_by        uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_by        uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX syslog_sources_org_idx ON syslog_sources (org_id);
CREATE INDEX syslog_sources_created_by_idx ON syslog_sources (created_by);
CREATE INDEX syslog_sources_updated_by_idx ON syslog_sources (updated_by);
