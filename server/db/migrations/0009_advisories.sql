-- Early warnings (issue #5 "Early warnings"; PRODUCT.md §3.8): the security authority's advisories,
-- the products they concern (the CVE JSON 5 `versions` model), the assets of every unit they hit
-- (registry components, computers' installed programs and operating systems) with why each matched,
-- each unit's acknowledgement and each asset's answer (patched / mitigated / not affected), evidence.
-- Forward-only.

CREATE TABLE advisories (
  id                   uuid PRIMARY KEY,
  -- The issuing organisation (the provincial police): drafts are seen only under it.
  org_id               uuid NOT NULL REFERENCES orgs(id),
  -- CB-2026-001: "cảnh báo", year of creation, sequence in that year.
  code                 varchar(32) NOT NULL UNIQUE,
  title                varchar(500) NOT NULL,
  description          varchar(20000),
  guidance             varchar(20000),
  severity             text NOT NULL DEFAULT 'medium' CHECK (severity IN ('critical','high','medium','low')),
  cvss_score           numeric CHECK (cvss_score BETWEEN 0 AND 10),
  cvss_vector          varchar(200),
  cve_ids              text[] NOT NULL DEFAULT '{}',
  -- FIRST TLP 2.0 marking; amber/red ones are shown only to the targeted units and the issuer.
  tlp                  text NOT NULL DEFAULT 'clear' CHECK (tlp IN ('clear','green','amber','amber+strict','red')),
  known_exploited      boolean NOT NULL DEFAULT false,
  ack_due_at           timestamptz,
  remediation_due_at   timestamptz,
  status               text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published','withdrawn')),
  source               text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual','cve_json5','cisa_kev')),
  -- The imported record as it came (a CVE JSON 5 record or one KEV entry).
  source_record        jsonb,
  published_by         uuid REFERENCES users(id) ON DELETE SET NULL,
  published_at         timestamptz,
  withdrawn_by         uuid REFERENCES users(id) ON DELETE SET NULL,
  withdrawn_at         timestamptz,
  withdraw_reason      varchar(2000),
  created_by           uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX advisories_org_id_idx ON advisories (org_id);
CREATE INDEX advisories_status_idx ON advisories (status, published_at DESC);
CREATE INDEX advisories_published_by_idx ON advisories (published_by);
CREATE INDEX advisories_withdrawn_by_idx ON advisories (withdrawn_by);
CREATE INDEX advisories_created_by_idx ON advisories (created_by);

-- One affected product: vendor, product and the CVE JSON 5 version rules
-- ([{version, status, lessThan?, lessThanOrEqual?, versionType?, changes?}]), or every version.
CREATE TABLE advisory_products (
  id               uuid PRIMARY KEY,
  advisory_id      uuid NOT NULL REFERENCES advisories(id) ON DELETE CASCADE,
  sort             integer NOT NULL DEFAULT 0,
  vendor           varchar(255),
  product          varchar(255) NOT NULL,
  all_versions     boolean NOT NULL DEFAULT false,
  default_status   text NOT NULL DEFAULT 'unaffected' CHECK (default_status IN ('affected','unaffected','unknown')),
  versions         jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX advisory_products_advisory_id_idx ON advisory_products (advisory_id, sort);

-- A file a unit attaches to its answer (a patch report, a screenshot), shared by the targets answered.
CREATE TABLE advisory_evidence (
  id            uuid PRIMARY KEY,
  advisory_id   uuid NOT NULL REFERENCES advisories(id),
  org_id        uuid NOT NULL REFERENCES orgs(id),
  file_name     varchar(255) NOT NULL,
  media_type    varchar(100) NOT NULL,
  size_bytes    integer NOT NULL,
  sha256        char(64) NOT NULL,
  content       bytea NOT NULL,
  created_by    uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX advisory_evidence_advisory_id_idx ON advisory_evidence (advisory_id);
CREATE INDEX advisory_evidence_org_id_idx ON advisory_evidence (org_id);
CREATE INDEX advisory_evidence_created_by_idx ON advisory_evidence (created_by);

-- One affected asset (an information system through a registry component, or a computer through an
-- installed program or its operating system), computed on publishing, with what matched and why.
-- Written in bulk (an advisory on a common program hits most of the province's 100,000 computers in
-- one statement, bench/advisories.ts): the asset, product and organisation ids are copied from rows
-- the same transaction has just read, so they carry no foreign-key constraints (a per-row check
-- tripled the time of that statement) and only the indexes the reads need. A deleted asset keeps
-- its target (its name is copied), so the record of the answer survives.
CREATE TABLE advisory_targets (
  id                uuid PRIMARY KEY,
  advisory_id       uuid NOT NULL,
  -- The asset's organisation: the scope of every read and answer.
  org_id            uuid NOT NULL,
  asset_kind        text NOT NULL CHECK (asset_kind IN ('system','endpoint')),
  system_id         uuid,
  endpoint_id       uuid,
  asset_name        varchar(255) NOT NULL,
  matched_kind      text NOT NULL CHECK (matched_kind IN ('component','program','os')),
  matched_vendor    varchar(255),
  matched_name      varchar(255) NOT NULL,
  matched_version   varchar(100),
  product_id        uuid,
  -- Why: how the name matched (exact/prefix/compact), which version rule (index in versions, or
  -- null for "all versions" / the default status / an unknown version) and its reason.
  name_match        text NOT NULL CHECK (name_match IN ('exact','prefix','compact')),
  version_rule      smallint,
  version_reason    text NOT NULL CHECK (version_reason IN ('all_versions','exact','range','default','unknown_version')),
  status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','acknowledged','remediated','not_affected')),
  resolution        text CHECK (resolution IN ('patched','mitigated','not_affected')),
  note              varchar(2000),
  evidence_id       uuid REFERENCES advisory_evidence(id),
  acted_by          uuid REFERENCES users(id) ON DELETE SET NULL,
  acted_at          timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT advisory_targets_resolution CHECK (
    (status IN ('pending','acknowledged') AND resolution IS NULL)
    OR (status = 'remediated' AND resolution IN ('patched','mitigated'))
    OR (status = 'not_affected' AND resolution = 'not_affected'))
);
CREATE UNIQUE INDEX advisory_targets_system_key ON advisory_targets (advisory_id, system_id) WHERE system_id IS NOT NULL;
CREATE UNIQUE INDEX advisory_targets_endpoint_key ON advisory_targets (advisory_id, endpoint_id) WHERE endpoint_id IS NOT NULL;
CREATE INDEX advisory_targets_advisory_org_idx ON advisory_targets (advisory_id, org_id);
-- Foreign keys that are set only by an answer: indexed where set.
CREATE INDEX advisory_targets_evidence_id_idx ON advisory_targets (evidence_id) WHERE evidence_id IS NOT NULL;
CREATE INDEX advisory_targets_acted_by_idx ON advisory_targets (acted_by) WHERE acted_by IS NOT NULL;

-- Each affected organisation's acknowledgement of an advisory, and which reminders it has had (the
-- hourly job sends each one once).
CREATE TABLE advisory_org_status (
  id                           uuid PRIMARY KEY,
  advisory_id                  uuid NOT NULL REFERENCES advisories(id),
  org_id                       uuid NOT NULL REFERENCES orgs(id),
  acknowledged_by              uuid REFERENCES users(id) ON DELETE SET NULL,
  acknowledged_at              timestamptz,
  ack_reminded_at              timestamptz,
  ack_overdue_at               timestamptz,
  remediation_reminded_at      timestamptz,
  remediation_overdue_at       timestamptz,
  CONSTRAINT advisory_org_status_key UNIQUE (advisory_id, org_id)
);
CREATE INDEX advisory_org_status_org_idx ON advisory_org_status (org_id);
CREATE INDEX advisory_org_status_acknowledged_by_idx ON advisory_org_status (acknowledged_by);
