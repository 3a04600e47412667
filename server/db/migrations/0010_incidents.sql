-- Incidents (issue #5 "Incidents"; legal-framework.md §6 and §10.7): a unit's report, the provincial
-- response team's handling (triage, members, timeline, indicators, evidence, linked alerts and
-- systems, states up to the closing report), the reports the law asks for with their due dates, and
-- the deadline rules as data keyed by regime. Forward-only.

-- Deadline rules of incident reporting, per regime (corrected by an administrator through
-- /api/incidents/deadline-rules, audited). A report type's due date is the earliest of the rules that
-- apply to the incident; `hours` = 0 means "immediately"; the anchor is detection (T0) or the end of
-- the response (the incident reaching 'recovered').
CREATE TABLE incident_deadline_rules (
  code          varchar(64) PRIMARY KEY,
  regime        text NOT NULL REFERENCES legal_regimes(code),
  report_type   text NOT NULL CHECK (report_type IN ('notification','initial','report_72h','pdp_notice','final')),
  applies_when  text NOT NULL CHECK (applies_when IN ('always','serious','national_security','beyond_capacity','personal_data')),
  anchor        text NOT NULL CHECK (anchor IN ('detected','response_ended')),
  hours         integer NOT NULL CHECK (hours BETWEEN 0 AND 8760),
  legal_ref     varchar(255) NOT NULL,
  text_vi       varchar(1000) NOT NULL,
  text_en       varchar(1000) NOT NULL,
  verified      boolean NOT NULL DEFAULT true,
  sort          integer NOT NULL DEFAULT 0,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX incident_deadline_rules_regime_idx ON incident_deadline_rules (regime);
CREATE INDEX incident_deadline_rules_updated_by_idx ON incident_deadline_rules (updated_by);

-- Sources: legal-framework.md §6.1–§6.4. Decision 05/2017 and Circular 20/2017 were read in full
-- texts ([P]: verified); Decree 331/2026 in a third-party capture ([P*]) and the PDP rule only from a
-- secondary source ([S]): not verified until checked against Công báo. Whether the 2017 instruments
-- still apply after 01/7/2026 is open (§11.1): they serve incidents detected under the legacy regime.
INSERT INTO incident_deadline_rules (code, regime, report_type, applies_when, anchor, hours, legal_ref, text_vi, text_en, verified, sort) VALUES
  ('nd85.notification', 'nd85_2016', 'notification', 'always', 'detected', 120,
   'TT 20/2017/TT-BTTTT Đ9; QĐ 05/2017/QĐ-TTg Đ11',
   'Thông báo sự cố chậm nhất 5 ngày kể từ khi phát hiện.',
   'Notify the incident no later than 5 days after detection.', true, 10),
  ('nd85.initial_beyond_capacity', 'nd85_2016', 'initial', 'beyond_capacity', 'detected', 0,
   'TT 20/2017/TT-BTTTT Đ9 (Mẫu 03); QĐ 05/2017/QĐ-TTg Đ11',
   'Sự cố vượt khả năng tự xử lý: lập ngay báo cáo ban đầu (Mẫu 03).',
   'Beyond own capacity: prepare the initial report (Form 03) immediately.', true, 20),
  ('nd85.final', 'nd85_2016', 'final', 'always', 'response_ended', 120,
   'TT 20/2017/TT-BTTTT Đ9 (Mẫu 04)',
   'Báo cáo kết thúc ứng phó chậm nhất 5 ngày sau khi kết thúc ứng phó.',
   'End-of-response report no later than 5 days after the response ends.', true, 30),
  ('nd331.initial_24h', 'nd331_2026', 'initial', 'serious', 'detected', 24,
   'NĐ 331/2026/NĐ-CP Đ31.2.d',
   'Sự cố nghiêm trọng: thông báo ban đầu trong 24 giờ.',
   'Serious incident: initial notice within 24 hours.', false, 10),
  ('nd331.initial_immediate', 'nd331_2026', 'initial', 'national_security', 'detected', 0,
   'NĐ 331/2026/NĐ-CP Đ31.2.d',
   'Có dấu hiệu xâm phạm an ninh quốc gia, trật tự an toàn xã hội: thông báo ngay.',
   'Signs touching national security or public order: notify immediately.', false, 20),
  ('nd331.report_72h', 'nd331_2026', 'report_72h', 'serious', 'detected', 72,
   'NĐ 331/2026/NĐ-CP Đ31.2.d',
   'Sự cố nghiêm trọng: báo cáo nguyên nhân, phạm vi, biện pháp khắc phục trong 72 giờ.',
   'Serious incident: report on cause, scope and remedy within 72 hours.', false, 30),
  ('nd331.pdp_72h', 'nd331_2026', 'pdp_notice', 'personal_data', 'detected', 72,
   'Luật 91/2025/QH15 Đ23',
   'Có liên quan dữ liệu cá nhân: thông báo cơ quan bảo vệ dữ liệu cá nhân trong 72 giờ.',
   'Personal data involved: notify the personal-data-protection authority within 72 hours.', false, 40);

-- SC-<year>-<nnnn>: one counter per year, taken with UPDATE … RETURNING (no two incidents share a code).
CREATE TABLE incident_code_counters (
  year  integer PRIMARY KEY,
  last  integer NOT NULL
);

CREATE TABLE incidents (
  id                      uuid PRIMARY KEY,
  code                    varchar(20) NOT NULL UNIQUE,
  -- The reporting unit: the scope of every read and write.
  org_id                  uuid NOT NULL REFERENCES orgs(id),
  -- Contact person (Decision 05/2017 Art 11.4.b).
  reporter_name           varchar(255) NOT NULL,
  reporter_title          varchar(255),
  reporter_phone          varchar(32) NOT NULL,
  reporter_email          varchar(254),
  -- T0, to the minute: every legal clock starts here.
  detected_at             timestamptz NOT NULL,
  reported_at             timestamptz NOT NULL,
  -- The regime in force on the detection day.
  regime                  text NOT NULL REFERENCES legal_regimes(code),
  type                    text NOT NULL CHECK (type IN ('malware','intrusion','ddos','defacement','data_leak','phishing','other')),
  severity                text NOT NULL CHECK (severity IN ('low','medium','high','critical')),
  serious                 boolean NOT NULL DEFAULT false,
  national_security_sign  boolean NOT NULL DEFAULT false,
  beyond_capacity         boolean NOT NULL DEFAULT false,
  personal_data_involved  boolean NOT NULL DEFAULT false,
  title                   varchar(255) NOT NULL,
  -- Symptoms, spread, impact (Art 11.4.c).
  description             varchar(8000) NOT NULL,
  infrastructure_provider varchar(500),
  actions_taken           varchar(4000),
  support_requested       varchar(4000),
  status                  text NOT NULL DEFAULT 'reported' CHECK (status IN ('reported','triaged','responding','contained','recovered','closed')),
  tlp                     text NOT NULL DEFAULT 'amber' CHECK (tlp IN ('clear','green','amber','amber+strict','red')),
  -- When the response ended (reaching 'recovered'): the legacy final report's clock.
  response_ended_at       timestamptz,
  closing_cause           varchar(4000),
  closing_scope           varchar(4000),
  closing_remedy          varchar(4000),
  closing_lessons         varchar(4000),
  closed_at               timestamptz,
  closed_by               uuid REFERENCES users(id) ON DELETE SET NULL,
  reopened_at             timestamptz,
  reopened_by             uuid REFERENCES users(id) ON DELETE SET NULL,
  reopen_reason           varchar(2000),
  created_by              uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT incidents_detected_before_reported CHECK (detected_at <= reported_at),
  CONSTRAINT incidents_closed_has_report CHECK (status <> 'closed' OR (closed_at IS NOT NULL AND closing_cause IS NOT NULL AND closing_scope IS NOT NULL AND closing_remedy IS NOT NULL))
);
CREATE INDEX incidents_org_id_idx ON incidents (org_id);
CREATE INDEX incidents_status_idx ON incidents (status);
CREATE INDEX incidents_detected_at_idx ON incidents (detected_at DESC);
CREATE INDEX incidents_regime_idx ON incidents (regime);
CREATE INDEX incidents_closed_by_idx ON incidents (closed_by);
CREATE INDEX incidents_reopened_by_idx ON incidents (reopened_by);
CREATE INDEX incidents_created_by_idx ON incidents (created_by);

-- A closed incident cannot be changed by any route or query. The one way out is the reopen
-- transition, which must record who, when and why (incident.respond, audited by the service).
CREATE FUNCTION incidents_closed_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'closed' THEN
    IF TG_OP = 'UPDATE' AND NEW.status <> 'closed' AND NEW.reopen_reason IS NOT NULL
       AND NEW.reopened_at IS DISTINCT FROM OLD.reopened_at AND NEW.reopened_by IS NOT NULL THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'incident % is closed', OLD.id USING ERRCODE = 'KH010';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER incidents_closed_guard BEFORE UPDATE OR DELETE ON incidents
  FOR EACH ROW EXECUTE FUNCTION incidents_closed_guard();

-- Everything attached to a closed incident is closed with it.
CREATE FUNCTION incident_children_closed_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  i uuid := CASE WHEN TG_OP = 'INSERT' THEN NEW.incident_id ELSE OLD.incident_id END;
BEGIN
  IF EXISTS (SELECT 1 FROM incidents WHERE id = i AND status = 'closed') THEN
    RAISE EXCEPTION 'incident % is closed', i USING ERRCODE = 'KH010';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TABLE incident_systems (
  incident_id  uuid NOT NULL REFERENCES incidents(id),
  system_id    uuid NOT NULL REFERENCES information_systems(id),
  org_id       uuid NOT NULL REFERENCES orgs(id),
  added_by     uuid REFERENCES users(id) ON DELETE SET NULL,
  added_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (incident_id, system_id)
);
CREATE INDEX incident_systems_system_id_idx ON incident_systems (system_id);
CREATE INDEX incident_systems_org_id_idx ON incident_systems (org_id);
CREATE INDEX incident_systems_added_by_idx ON incident_systems (added_by);
CREATE TRIGGER incident_systems_closed_guard BEFORE INSERT OR UPDATE OR DELETE ON incident_systems
  FOR EACH ROW EXECUTE FUNCTION incident_children_closed_guard();

-- The response team on the case (users holding incident.respond).
CREATE TABLE incident_members (
  incident_id  uuid NOT NULL REFERENCES incidents(id),
  user_id      uuid NOT NULL REFERENCES users(id),
  org_id       uuid NOT NULL REFERENCES orgs(id),
  role         text NOT NULL CHECK (role IN ('lead','member')),
  added_by     uuid REFERENCES users(id) ON DELETE SET NULL,
  added_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (incident_id, user_id)
);
CREATE UNIQUE INDEX incident_members_one_lead ON incident_members (incident_id) WHERE role = 'lead';
CREATE INDEX incident_members_user_id_idx ON incident_members (user_id);
CREATE INDEX incident_members_org_id_idx ON incident_members (org_id);
CREATE INDEX incident_members_added_by_idx ON incident_members (added_by);
CREATE TRIGGER incident_members_closed_guard BEFORE INSERT OR UPDATE OR DELETE ON incident_members
  FOR EACH ROW EXECUTE FUNCTION incident_children_closed_guard();

-- The reports the law asks for: a pending one (sent_at NULL) carries its due date; once sent it
-- keeps the content as sent. 'update' reports are free, any number.
CREATE TABLE incident_reports (
  id            uuid PRIMARY KEY,
  incident_id   uuid NOT NULL REFERENCES incidents(id),
  org_id        uuid NOT NULL REFERENCES orgs(id),
  report_type   text NOT NULL CHECK (report_type IN ('notification','initial','update','report_72h','pdp_notice','final')),
  content       jsonb,
  due_at        timestamptz,
  sent_at       timestamptz,
  sent_by       uuid REFERENCES users(id) ON DELETE SET NULL,
  -- Set once by the incident.deadlines job: a reminder before due_at, an escalation after it.
  reminded_at   timestamptz,
  escalated_at  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT incident_reports_sent_has_content CHECK (sent_at IS NULL OR content IS NOT NULL)
);
CREATE UNIQUE INDEX incident_reports_one_per_type ON incident_reports (incident_id, report_type) WHERE report_type <> 'update';
CREATE INDEX incident_reports_incident_id_idx ON incident_reports (incident_id, created_at);
CREATE INDEX incident_reports_org_id_idx ON incident_reports (org_id);
CREATE INDEX incident_reports_sent_by_idx ON incident_reports (sent_by);
CREATE INDEX incident_reports_pending_idx ON incident_reports (due_at) WHERE sent_at IS NULL;
CREATE TRIGGER incident_reports_closed_guard BEFORE INSERT OR UPDATE OR DELETE ON incident_reports
  FOR EACH ROW EXECUTE FUNCTION incident_children_closed_guard();

-- A sent report is what the recipients received: it is never changed or deleted.
CREATE FUNCTION incident_reports_sent_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.sent_at IS NOT NULL THEN
    RAISE EXCEPTION 'incident report % was sent', OLD.id USING ERRCODE = 'KH011';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER incident_reports_sent_guard BEFORE UPDATE OR DELETE ON incident_reports
  FOR EACH ROW EXECUTE FUNCTION incident_reports_sent_guard();

-- The timeline: every step, comment and state change, who and when.
CREATE TABLE incident_events (
  id           uuid PRIMARY KEY,
  incident_id  uuid NOT NULL REFERENCES incidents(id),
  org_id       uuid NOT NULL REFERENCES orgs(id),
  kind         varchar(64) NOT NULL,
  from_status  text,
  to_status    text,
  body         varchar(4000),
  params       jsonb NOT NULL DEFAULT '{}'::jsonb,
  actor_id     uuid REFERENCES users(id) ON DELETE SET NULL,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_events_incident_id_idx ON incident_events (incident_id, at);
CREATE INDEX incident_events_org_id_idx ON incident_events (org_id);
CREATE INDEX incident_events_actor_id_idx ON incident_events (actor_id);
CREATE TRIGGER incident_events_closed_guard BEFORE INSERT OR UPDATE OR DELETE ON incident_events
  FOR EACH ROW EXECUTE FUNCTION incident_children_closed_guard();

CREATE TABLE incident_indicators (
  id           uuid PRIMARY KEY,
  incident_id  uuid NOT NULL REFERENCES incidents(id),
  org_id       uuid NOT NULL REFERENCES orgs(id),
  kind         text NOT NULL CHECK (kind IN ('ipv4','ipv6','domain','url','md5','sha1','sha256','email')),
  value        varchar(2048) NOT NULL,
  description  varchar(1000),
  first_seen   timestamptz,
  created_by   uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT incident_indicators_key UNIQUE (incident_id, kind, value)
);
CREATE INDEX incident_indicators_org_id_idx ON incident_indicators (org_id);
CREATE INDEX incident_indicators_value_idx ON incident_indicators (kind, value);
CREATE INDEX incident_indicators_created_by_idx ON incident_indicators (created_by);
CREATE TRIGGER incident_indicators_closed_guard BEFORE INSERT OR UPDATE OR DELETE ON incident_indicators
  FOR EACH ROW EXECUTE FUNCTION incident_children_closed_guard();

CREATE TABLE incident_evidence (
  id           uuid PRIMARY KEY,
  incident_id  uuid NOT NULL REFERENCES incidents(id),
  org_id       uuid NOT NULL REFERENCES orgs(id),
  file_name    varchar(255) NOT NULL,
  -- Detected from the content, never taken from the name or the browser.
  media_type   varchar(100) NOT NULL,
  size_bytes   integer NOT NULL CHECK (size_bytes > 0),
  sha256       char(64) NOT NULL,
  content      bytea NOT NULL,
  created_by   uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_evidence_incident_id_idx ON incident_evidence (incident_id);
CREATE INDEX incident_evidence_org_id_idx ON incident_evidence (org_id);
CREATE INDEX incident_evidence_created_by_idx ON incident_evidence (created_by);
CREATE TRIGGER incident_evidence_closed_guard BEFORE INSERT OR UPDATE OR DELETE ON incident_evidence
  FOR EACH ROW EXECUTE FUNCTION incident_children_closed_guard();

-- Alerts promoted to an incident (the column comes from migration 0008).
ALTER TABLE alerts ADD CONSTRAINT alerts_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES incidents(id);

-- Linking an alert to, or unlinking it from, a closed incident changes that incident: refused too.
CREATE FUNCTION alerts_closed_incident_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.incident_id IS DISTINCT FROM OLD.incident_id
     AND EXISTS (SELECT 1 FROM incidents WHERE id IN (OLD.incident_id, NEW.incident_id) AND status = 'closed') THEN
    RAISE EXCEPTION 'incident is closed' USING ERRCODE = 'KH010';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER alerts_closed_incident_guard BEFORE UPDATE OF incident_id ON alerts
  FOR EACH ROW EXECUTE FUNCTION alerts_closed_incident_guard();
