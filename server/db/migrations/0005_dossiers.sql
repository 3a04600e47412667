-- Level dossiers (hồ sơ đề xuất cấp độ): versions, attachments, section comments, the transition
-- history and in-app notifications (issue #3; legal-framework.md §10.5). Forward-only.

CREATE TABLE dossiers (
  id                         uuid PRIMARY KEY,
  -- The system's operating unit: the scope of every read and write.
  org_id                     uuid NOT NULL REFERENCES orgs(id),
  system_id                  uuid NOT NULL REFERENCES information_systems(id),
  regime                     text NOT NULL REFERENCES legal_regimes(code),
  state                      text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','submitted','returned_incomplete','under_appraisal','returned_for_revision','appraised','submitted_for_approval','approved','rejected','withdrawn')),
  proposed_level             smallint CHECK (proposed_level BETWEEN 1 AND 5),
  current_version            integer NOT NULL DEFAULT 1,
  -- Times of the legal steps (receipt starts the clocks, Decree 331 Art 23–24).
  received_at                timestamptz,
  accepted_at                timestamptz,
  appraised_at               timestamptz,
  submitted_for_approval_at  timestamptz,
  decided_at                 timestamptz,
  -- The legal clock running now and its due date (working or calendar days per the regime).
  clock                      text CHECK (clock IN ('completeness','appraisal','approval')),
  due_on                     date,
  -- A deadline set by a directive (e.g. the Sơn La directive's 15/02/2026), shown next to the legal one.
  directive_due_on           date,
  -- The internal security regulation (quy chế) must be issued before approval (Circular 12 Art 9.7; Decree 331 Art 30.6).
  regulation_no              varchar(64),
  regulation_issued_on       date,
  appraisal_opinion          varchar(4000),
  decision_no                varchar(64),
  decision_date              date,
  approved_level             smallint CHECK (approved_level BETWEEN 1 AND 5),
  decided_by                 uuid REFERENCES users(id) ON DELETE SET NULL,
  head_endorsed_version      integer,
  head_endorsed_by           uuid REFERENCES users(id) ON DELETE SET NULL,
  created_by                 uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at                 timestamptz NOT NULL DEFAULT now(),
  updated_at                 timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT dossiers_approved_has_decision CHECK (state <> 'approved' OR (decision_no IS NOT NULL AND decision_date IS NOT NULL AND approved_level IS NOT NULL))
);
-- One open dossier per system at a time; a closed one (approved, rejected, withdrawn) stays as history.
CREATE UNIQUE INDEX dossiers_one_open_per_system ON dossiers (system_id) WHERE state NOT IN ('approved','rejected','withdrawn');
CREATE INDEX dossiers_org_id_idx ON dossiers (org_id);
CREATE INDEX dossiers_system_id_idx ON dossiers (system_id);
CREATE INDEX dossiers_state_idx ON dossiers (state);
CREATE INDEX dossiers_regime_idx ON dossiers (regime);
CREATE INDEX dossiers_decided_by_idx ON dossiers (decided_by);
CREATE INDEX dossiers_head_endorsed_by_idx ON dossiers (head_endorsed_by);
CREATE INDEX dossiers_created_by_idx ON dossiers (created_by);

-- Each submission freezes a version; a returned dossier is revised in a new one.
CREATE TABLE dossier_versions (
  id              uuid PRIMARY KEY,
  dossier_id      uuid NOT NULL REFERENCES dossiers(id),
  org_id          uuid NOT NULL REFERENCES orgs(id),
  version         integer NOT NULL CHECK (version >= 1),
  sections        jsonb NOT NULL DEFAULT '{}'::jsonb,
  proposed_level  smallint CHECK (proposed_level BETWEEN 1 AND 5),
  frozen_at       timestamptz,
  created_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT dossier_versions_key UNIQUE (dossier_id, version)
);
CREATE INDEX dossier_versions_org_id_idx ON dossier_versions (org_id);
CREATE INDEX dossier_versions_created_by_idx ON dossier_versions (created_by);

-- A submitted version is frozen: no route, and no query, may change or delete it.
CREATE FUNCTION dossier_versions_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.frozen_at IS NOT NULL THEN
    RAISE EXCEPTION 'dossier version % is frozen', OLD.id USING ERRCODE = 'KH001';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER dossier_versions_frozen BEFORE UPDATE OR DELETE ON dossier_versions
  FOR EACH ROW EXECUTE FUNCTION dossier_versions_frozen();

CREATE TABLE dossier_attachments (
  id            uuid PRIMARY KEY,
  dossier_id    uuid NOT NULL REFERENCES dossiers(id),
  version_id    uuid NOT NULL REFERENCES dossier_versions(id),
  org_id        uuid NOT NULL REFERENCES orgs(id),
  section       text NOT NULL CHECK (section IN ('overview','design','level_rationale','security_plan','specialised_opinion','other')),
  file_name     varchar(255) NOT NULL,
  -- Detected from the content, never taken from the name or the browser.
  media_type    varchar(100) NOT NULL,
  size_bytes    integer NOT NULL CHECK (size_bytes > 0),
  sha256        char(64) NOT NULL,
  content       bytea NOT NULL,
  created_by    uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossier_attachments_dossier_id_idx ON dossier_attachments (dossier_id);
CREATE INDEX dossier_attachments_version_id_idx ON dossier_attachments (version_id);
CREATE INDEX dossier_attachments_org_id_idx ON dossier_attachments (org_id);
CREATE INDEX dossier_attachments_created_by_idx ON dossier_attachments (created_by);

-- Attachments of a frozen version are frozen with it.
CREATE FUNCTION dossier_attachments_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v uuid := CASE WHEN TG_OP = 'INSERT' THEN NEW.version_id ELSE OLD.version_id END;
BEGIN
  IF EXISTS (SELECT 1 FROM dossier_versions WHERE id = v AND frozen_at IS NOT NULL) THEN
    RAISE EXCEPTION 'dossier version % is frozen', v USING ERRCODE = 'KH001';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER dossier_attachments_frozen BEFORE INSERT OR UPDATE OR DELETE ON dossier_attachments
  FOR EACH ROW EXECUTE FUNCTION dossier_attachments_frozen();

-- The appraiser's comments, attached to a section of a version.
CREATE TABLE dossier_comments (
  id            uuid PRIMARY KEY,
  dossier_id    uuid NOT NULL REFERENCES dossiers(id),
  version_id    uuid NOT NULL REFERENCES dossier_versions(id),
  org_id        uuid NOT NULL REFERENCES orgs(id),
  section       text NOT NULL CHECK (section IN ('overview','design','level_rationale','security_plan','specialised_opinion','other')),
  body          varchar(4000) NOT NULL,
  author_id     uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  resolved_at   timestamptz,
  resolved_by   uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX dossier_comments_dossier_id_idx ON dossier_comments (dossier_id);
CREATE INDEX dossier_comments_version_id_idx ON dossier_comments (version_id);
CREATE INDEX dossier_comments_org_id_idx ON dossier_comments (org_id);
CREATE INDEX dossier_comments_author_id_idx ON dossier_comments (author_id);
CREATE INDEX dossier_comments_resolved_by_idx ON dossier_comments (resolved_by);

-- Every transition, with who, when, the note and the due date it set.
CREATE TABLE dossier_events (
  id            uuid PRIMARY KEY,
  dossier_id    uuid NOT NULL REFERENCES dossiers(id),
  org_id        uuid NOT NULL REFERENCES orgs(id),
  transition    text NOT NULL,
  from_state    text NOT NULL,
  to_state      text NOT NULL,
  version       integer NOT NULL,
  note          varchar(4000),
  due_on        date,
  actor_id      uuid REFERENCES users(id) ON DELETE SET NULL,
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossier_events_dossier_id_idx ON dossier_events (dossier_id, at);
CREATE INDEX dossier_events_org_id_idx ON dossier_events (org_id);
CREATE INDEX dossier_events_actor_id_idx ON dossier_events (actor_id);

-- In-app notifications (the e-mail copy goes through the job queue).
CREATE TABLE notifications (
  id            uuid PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- The organisation the subject belongs to.
  org_id        uuid NOT NULL REFERENCES orgs(id),
  kind          varchar(64) NOT NULL,
  subject_type  varchar(64) NOT NULL,
  subject_id    uuid NOT NULL,
  params        jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  read_at       timestamptz
);
CREATE INDEX notifications_user_id_idx ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_org_id_idx ON notifications (org_id);
