-- Information systems and the legal rule data that classifies them (issue #3).
-- Rule data (criteria, authorities, deadlines, holidays) is keyed by legal regime and cites its
-- article: an administrator corrects it without a code change. Forward-only.

CREATE TABLE legal_regimes (
  code            text PRIMARY KEY CHECK (code IN ('nd85_2016','nd331_2026')),
  name_vi         varchar(255) NOT NULL,
  name_en         varchar(255) NOT NULL,
  legal_ref       varchar(255) NOT NULL,
  effective_from  date NOT NULL,
  effective_to    date,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- One criterion of one level: "any one criterion suffices" (Decree 85 Art 7–11, Decree 331 Art 11–15).
-- `condition` is a predicate over the questionnaire's answers (shared/domain/classification.ts).
CREATE TABLE level_criteria (
  id              uuid PRIMARY KEY,
  regime          text NOT NULL REFERENCES legal_regimes(code),
  code            varchar(64) NOT NULL,
  level           smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  legal_ref       varchar(255) NOT NULL,
  text_vi         varchar(2000) NOT NULL,
  text_en         varchar(2000) NOT NULL,
  condition       jsonb NOT NULL,
  -- false where the legal reference marks the fact as not yet confirmed against the Official Gazette.
  verified        boolean NOT NULL DEFAULT true,
  sort            integer NOT NULL DEFAULT 0,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  updated_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  CONSTRAINT level_criteria_code_key UNIQUE (regime, code)
);
CREATE INDEX level_criteria_updated_by_idx ON level_criteria (updated_by);

-- Who appraises and who approves at each level (Decree 85 Art 12; Decree 331 Art 18).
CREATE TABLE level_authorities (
  regime          text NOT NULL REFERENCES legal_regimes(code),
  level           smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  appraiser_vi    varchar(500) NOT NULL,
  appraiser_en    varchar(500) NOT NULL,
  approver_vi     varchar(500) NOT NULL,
  approver_en     varchar(500) NOT NULL,
  legal_ref       varchar(255) NOT NULL,
  verified        boolean NOT NULL DEFAULT true,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (regime, level)
);

-- Legal time limits of the dossier procedure, per regime, step and level range.
CREATE TABLE regime_deadlines (
  regime          text NOT NULL REFERENCES legal_regimes(code),
  step            text NOT NULL CHECK (step IN ('completeness','opinion','appraisal','approval')),
  level_min       smallint NOT NULL CHECK (level_min BETWEEN 1 AND 5),
  level_max       smallint NOT NULL CHECK (level_max BETWEEN 1 AND 5),
  days            integer NOT NULL CHECK (days BETWEEN 1 AND 365),
  day_kind        text NOT NULL CHECK (day_kind IN ('working','calendar')),
  legal_ref       varchar(255) NOT NULL,
  verified        boolean NOT NULL DEFAULT true,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (regime, step, level_min),
  CONSTRAINT regime_deadlines_range CHECK (level_min <= level_max)
);

-- The Vietnamese public-holiday calendar behind working-day deadlines: holidays and days off
-- (including compensatory ones) and the Saturdays worked in exchange.
CREATE TABLE public_holidays (
  day             date PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('day_off','working_day')),
  name_vi         varchar(255) NOT NULL,
  name_en         varchar(255) NOT NULL
);

CREATE TABLE information_systems (
  id                           uuid PRIMARY KEY,
  -- The unit that operates the system and registers it: the scope of every read and write.
  org_id                       uuid NOT NULL REFERENCES orgs(id),
  -- The owner (chủ quản), when it is an organisation of the tree (often the provincial People's Committee).
  owner_org_id                 uuid REFERENCES orgs(id),
  code                         varchar(32) NOT NULL,
  name                         varchar(255) NOT NULL,
  purpose                      varchar(2000),
  audiences                    text[] NOT NULL DEFAULT '{}',
  system_type                  text NOT NULL CHECK (system_type IN ('internal','citizen_business','infrastructure','industrial_control','other')),
  info_types                   text[] NOT NULL DEFAULT '{}',
  serves_defence_security      boolean NOT NULL DEFAULT false,
  state_secret_harm            text NOT NULL DEFAULT 'none' CHECK (state_secret_harm IN ('none','harm','serious','especially_serious')),
  online_public_service_level  smallint NOT NULL DEFAULT 0 CHECK (online_public_service_level BETWEEN 0 AND 4),
  conditional_business_service boolean NOT NULL DEFAULT false,
  handles_admin_procedures     boolean NOT NULL DEFAULT false,
  user_count                   integer NOT NULL DEFAULT 0 CHECK (user_count >= 0),
  personal_basic_subjects      integer NOT NULL DEFAULT 0 CHECK (personal_basic_subjects >= 0),
  personal_sensitive_subjects  integer NOT NULL DEFAULT 0 CHECK (personal_sensitive_subjects >= 0),
  infra_scope                  text CHECK (infra_scope IN ('single_org','sector_or_province','national','international')),
  requires_24x7                boolean NOT NULL DEFAULT false,
  national_egov                boolean NOT NULL DEFAULT false,
  central_national_data_store  boolean NOT NULL DEFAULT false,
  ics_works_grade              text NOT NULL DEFAULT 'none' CHECK (ics_works_grade IN ('none','iv','iii','ii','i','special','ns_important')),
  ns_critical_signs            boolean NOT NULL DEFAULT false,
  decided_level                smallint CHECK (decided_level BETWEEN 1 AND 5),
  risk_assessed_level          smallint CHECK (risk_assessed_level BETWEEN 1 AND 5),
  hosting                      text CHECK (hosting IN ('own_room','provincial_dc','rented_dc','cloud')),
  hosting_provider             varchar(255),
  lifecycle                    text NOT NULL DEFAULT 'operating' CHECK (lifecycle IN ('planned','under_investment','operating','decommissioning','retired')),
  investment_started_on        date,
  is_important                 boolean NOT NULL DEFAULT false,
  parent_system_id             uuid REFERENCES information_systems(id),
  contact_name                 varchar(255),
  contact_phone                varchar(32),
  contact_email                varchar(254),
  -- The latest classification (the history is in `classifications`).
  regime                       text REFERENCES legal_regimes(code),
  proposed_level               smallint CHECK (proposed_level BETWEEN 1 AND 5),
  classified_at                timestamptz,
  -- Set by the approval of a level dossier.
  approved_level               smallint CHECK (approved_level BETWEEN 1 AND 5),
  approved_regime              text REFERENCES legal_regimes(code),
  approved_on                  date,
  created_by                   uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at                   timestamptz NOT NULL DEFAULT now(),
  updated_at                   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT information_systems_not_own_parent CHECK (parent_system_id IS NULL OR parent_system_id <> id)
);
CREATE UNIQUE INDEX information_systems_code_key ON information_systems (lower(code));
CREATE INDEX information_systems_org_id_idx ON information_systems (org_id);
CREATE INDEX information_systems_owner_org_id_idx ON information_systems (owner_org_id);
CREATE INDEX information_systems_parent_system_id_idx ON information_systems (parent_system_id);
CREATE INDEX information_systems_created_by_idx ON information_systems (created_by);

-- Vendor, product and version of each part: later matched against early warnings (issue #5).
CREATE TABLE system_components (
  id          uuid PRIMARY KEY,
  system_id   uuid NOT NULL REFERENCES information_systems(id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('application','operating_system','database','web_server','network_device','security_device','hardware','other')),
  vendor      varchar(255),
  product     varchar(255) NOT NULL,
  version     varchar(100),
  sort        integer NOT NULL DEFAULT 0
);
CREATE INDEX system_components_system_id_idx ON system_components (system_id);
CREATE INDEX system_components_product_idx ON system_components (lower(product));

-- Every level determination, with its answers, matched criteria and references: never only the number.
CREATE TABLE classifications (
  id              uuid PRIMARY KEY,
  system_id       uuid NOT NULL REFERENCES information_systems(id) ON DELETE CASCADE,
  org_id          uuid NOT NULL REFERENCES orgs(id),
  regime          text NOT NULL REFERENCES legal_regimes(code),
  answers         jsonb NOT NULL,
  level           smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  result          jsonb NOT NULL,
  created_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX classifications_system_id_idx ON classifications (system_id, created_at DESC);
CREATE INDEX classifications_org_id_idx ON classifications (org_id);
CREATE INDEX classifications_created_by_idx ON classifications (created_by);

ALTER TABLE imports DROP CONSTRAINT imports_kind_check;
ALTER TABLE imports ADD CONSTRAINT imports_kind_check CHECK (kind IN ('orgs','systems'));
