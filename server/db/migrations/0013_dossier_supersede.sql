-- Re-determination of a level (Decree 85 Art 14 / Decree 331 Art 18 and 25): a system whose level was
-- approved may go through the procedure again (changed system, new regime). When the new dossier is
-- approved, the earlier approved one becomes `superseded`: its decision stays on record, but it is no
-- longer the system's approval and is not counted twice in the figures.
ALTER TABLE dossiers DROP CONSTRAINT dossiers_state_check;
ALTER TABLE dossiers ADD CONSTRAINT dossiers_state_check CHECK (state IN ('draft','submitted','returned_incomplete','under_appraisal','returned_for_revision','appraised','submitted_for_approval','approved','rejected','withdrawn','superseded'));
ALTER TABLE dossiers ADD COLUMN superseded_by uuid REFERENCES dossiers(id);
ALTER TABLE dossiers ADD COLUMN superseded_at timestamptz;
CREATE INDEX dossiers_superseded_by_idx ON dossiers (superseded_by);

-- Conflict of interest (legal-framework.md §10.5): when the appraising body is itself the system's
-- operator, the appraisal is given by an independent council whose decision and members are recorded.
ALTER TABLE dossiers ADD COLUMN appraisal_council jsonb;

DROP INDEX dossiers_one_open_per_system;
CREATE UNIQUE INDEX dossiers_one_open_per_system ON dossiers (system_id) WHERE state NOT IN ('approved','rejected','withdrawn','superseded');
-- Where a system already has several approved dossiers, the latest decision stands.
UPDATE dossiers d
   SET state = 'superseded',
       superseded_by = latest.id,
       superseded_at = latest.decided_at
  FROM (SELECT DISTINCT ON (system_id) id, system_id, decided_at
          FROM dossiers WHERE state = 'approved'
         ORDER BY system_id, decision_date DESC, decided_at DESC NULLS LAST, id DESC) latest
 WHERE d.system_id = latest.system_id AND d.state = 'approved' AND d.id <> latest.id;
-- At most one approved dossier per system: the current approval.
CREATE UNIQUE INDEX dossiers_one_approved_per_system ON dossiers (system_id) WHERE state = 'approved';
