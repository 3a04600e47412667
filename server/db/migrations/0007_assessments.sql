-- Self-assessments and inspections of approved systems against the requirements of their level
-- (issue #3 "Self-assessment and inspection"; legal-framework.md §3.6, §4.2–§4.4, §5.1–§5.2, §10.6).
-- Forward-only.
--
-- Rule data (requirement catalogues, requirements, assessment periods) is keyed by catalogue/regime,
-- cites its article and is corrected by a province administrator through /api/assessments/* (audited),
-- like level_criteria (migrations 0003/0004).
--  * 'tt12_2022_tcvn11930_2017' (Decree 85 work): the per-level minimum lists of Circular 12/2022
--    Appendices I–V as counted in legal-framework.md §4.3 [P]: management 15/18/22/22/22 and technical
--    13/17/21/21/21 headings at levels 1..5, plus the design table's rows. The texts are short
--    paraphrases of the headings (not TCVN 11930's individual "shall" statements, which were not
--    available). A TCVN clause is x.1.* (management) or x.2.* (technical) with x = 4 + level (§5.1).
--    Design rows whose table cell is conditional say their condition, so the unit marks them N/A.
--  * 'tcvn14423_2026' (Decree 331 work): the 18 groups and the thresholds reported by a third-party
--    summary (§5.2, all [S]): verified = false. Which group is "management" and which "technical" is
--    an interpretation (Decree 331 Art 30 names 7 management and 4 technical groups of another cut).
--  * Periods (§10.6, §3.6): Decree 85 Art 20.2.c with Circular 12 Art 12 — levels 1–2 every 24 months,
--    3–4 every 12, 5 every 6, an external body from level 3. Decree 331 keeps the same periods
--    (unconfirmed: verified = false); its Art 31 requires an external body only for level 5
--    (or NS-critical systems, after a serious incident, major change, or on request).

CREATE TABLE requirement_catalogues (
  code            varchar(64) PRIMARY KEY,
  regime          text NOT NULL REFERENCES legal_regimes(code),
  name_vi         varchar(255) NOT NULL,
  name_en         varchar(255) NOT NULL,
  legal_ref       varchar(255) NOT NULL,
  effective_from  date NOT NULL,
  verified        boolean NOT NULL DEFAULT true,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX requirement_catalogues_regime_idx ON requirement_catalogues (regime);

-- One requirement heading, applicable from min_level to max_level.
CREATE TABLE requirements (
  id              uuid PRIMARY KEY,
  catalogue       varchar(64) NOT NULL REFERENCES requirement_catalogues(code),
  code            varchar(64) NOT NULL,
  family          text NOT NULL CHECK (family IN ('management','technical','design')),
  group_code      varchar(16) NOT NULL,
  group_name_vi   varchar(255) NOT NULL,
  group_name_en   varchar(255) NOT NULL,
  text_vi         varchar(2000) NOT NULL,
  text_en         varchar(2000) NOT NULL,
  min_level       smallint NOT NULL CHECK (min_level BETWEEN 1 AND 5),
  max_level       smallint NOT NULL CHECK (max_level BETWEEN 1 AND 5),
  legal_ref       varchar(255) NOT NULL,
  verified        boolean NOT NULL DEFAULT true,
  sort            integer NOT NULL DEFAULT 0,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  updated_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  CONSTRAINT requirements_code_key UNIQUE (catalogue, code),
  CONSTRAINT requirements_level_range CHECK (min_level <= max_level)
);
CREATE INDEX requirements_updated_by_idx ON requirements (updated_by);

-- How often a system of a level is assessed again, and whether an external body must do it.
CREATE TABLE assessment_schedules (
  regime             text NOT NULL REFERENCES legal_regimes(code),
  level_min          smallint NOT NULL CHECK (level_min BETWEEN 1 AND 5),
  level_max          smallint NOT NULL CHECK (level_max BETWEEN 1 AND 5),
  months             integer NOT NULL CHECK (months BETWEEN 1 AND 120),
  external_required  boolean NOT NULL DEFAULT false,
  legal_ref          varchar(255) NOT NULL,
  verified           boolean NOT NULL DEFAULT true,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (regime, level_min),
  CONSTRAINT assessment_schedules_range CHECK (level_min <= level_max)
);

CREATE TABLE assessments (
  id                       uuid PRIMARY KEY,
  -- The system's operating unit: the scope of every read and write.
  org_id                   uuid NOT NULL REFERENCES orgs(id),
  system_id                uuid NOT NULL REFERENCES information_systems(id),
  -- 'self': the unit's own assessment (Decree 331 Art 31); 'inspection': the authority's (Art 26–27).
  kind                     text NOT NULL CHECK (kind IN ('self','inspection')),
  catalogue                varchar(64) NOT NULL REFERENCES requirement_catalogues(code),
  regime                   text NOT NULL REFERENCES legal_regimes(code),
  -- The system's approved level when the assessment was opened.
  level                    smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  state                    text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','completed')),
  performed_on             date,
  performer_kind           text CHECK (performer_kind IN ('internal_independent','specialised_unit','licensed_org','state_org','mps')),
  inspection_kind          text CHECK (inspection_kind IN ('compliance','effectiveness','vuln_pentest','readiness_before_go_live','mps_inspection','ns_annual_self_check')),
  trigger_kind             text CHECK (trigger_kind IN ('periodic','ad_hoc','post_incident','major_change','on_request')),
  test_form                text CHECK (test_form IN ('black_box','gray_box','white_box')),
  -- Self-assessment by a unit independent of the operator (Decree 331 Art 31).
  independent_of_operator  boolean,
  conclusion               varchar(4000),
  score                    numeric,
  next_due_on              date,
  created_by               uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  completed_by             uuid REFERENCES users(id) ON DELETE SET NULL,
  completed_at             timestamptz,
  CONSTRAINT assessments_completed_fields CHECK (state <> 'completed' OR (completed_at IS NOT NULL AND performed_on IS NOT NULL))
);
-- One draft per system and kind at a time; completed ones stay as history.
CREATE UNIQUE INDEX assessments_one_draft ON assessments (system_id, kind) WHERE state = 'draft';
CREATE INDEX assessments_org_id_idx ON assessments (org_id);
CREATE INDEX assessments_system_id_idx ON assessments (system_id, completed_at DESC);
CREATE INDEX assessments_catalogue_idx ON assessments (catalogue);
CREATE INDEX assessments_regime_idx ON assessments (regime);
CREATE INDEX assessments_created_by_idx ON assessments (created_by);
CREATE INDEX assessments_completed_by_idx ON assessments (completed_by);

CREATE TABLE assessment_items (
  assessment_id    uuid NOT NULL REFERENCES assessments(id),
  requirement_id   uuid NOT NULL REFERENCES requirements(id),
  org_id           uuid NOT NULL REFERENCES orgs(id),
  -- NULL while the draft has not answered it; completion needs every item answered.
  status           text CHECK (status IN ('met','partial','not_met','not_applicable')),
  note             varchar(2000),
  remediation      varchar(2000),
  remediation_due  date,
  updated_by       uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (assessment_id, requirement_id)
);
CREATE INDEX assessment_items_requirement_id_idx ON assessment_items (requirement_id);
CREATE INDEX assessment_items_org_id_idx ON assessment_items (org_id);
CREATE INDEX assessment_items_updated_by_idx ON assessment_items (updated_by);

-- Evidence files, for one requirement or (requirement_id NULL) for the whole assessment.
CREATE TABLE assessment_evidence (
  id              uuid PRIMARY KEY,
  assessment_id   uuid NOT NULL REFERENCES assessments(id),
  requirement_id  uuid REFERENCES requirements(id),
  org_id          uuid NOT NULL REFERENCES orgs(id),
  file_name       varchar(255) NOT NULL,
  -- Detected from the content (server/files/inspect.ts), never taken from the name or the browser.
  media_type      varchar(100) NOT NULL,
  size_bytes      integer NOT NULL CHECK (size_bytes > 0),
  sha256          char(64) NOT NULL,
  content         bytea NOT NULL,
  created_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assessment_evidence_assessment_id_idx ON assessment_evidence (assessment_id);
CREATE INDEX assessment_evidence_requirement_id_idx ON assessment_evidence (requirement_id);
CREATE INDEX assessment_evidence_org_id_idx ON assessment_evidence (org_id);
CREATE INDEX assessment_evidence_created_by_idx ON assessment_evidence (created_by);

-- A completed assessment is a record: no route, and no query, may change or delete it, its items or
-- its evidence (SQLSTATE KH002, answered 409 by the error handler).
CREATE FUNCTION assessments_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state = 'completed' THEN
    RAISE EXCEPTION 'assessment % is completed', OLD.id USING ERRCODE = 'KH002';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER assessments_frozen BEFORE UPDATE OR DELETE ON assessments
  FOR EACH ROW EXECUTE FUNCTION assessments_frozen();

CREATE FUNCTION assessment_parts_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a uuid := CASE WHEN TG_OP = 'INSERT' THEN NEW.assessment_id ELSE OLD.assessment_id END;
BEGIN
  IF EXISTS (SELECT 1 FROM assessments WHERE id = a AND state = 'completed') THEN
    RAISE EXCEPTION 'assessment % is completed', a USING ERRCODE = 'KH002';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER assessment_items_frozen BEFORE INSERT OR UPDATE OR DELETE ON assessment_items
  FOR EACH ROW EXECUTE FUNCTION assessment_parts_frozen();
CREATE TRIGGER assessment_evidence_frozen BEFORE INSERT OR UPDATE OR DELETE ON assessment_evidence
  FOR EACH ROW EXECUTE FUNCTION assessment_parts_frozen();

-- ── Catalogues ──────────────────────────────────────────────────────────────────────────────────

INSERT INTO requirement_catalogues (code, regime, name_vi, name_en, legal_ref, effective_from, verified) VALUES
  ('tt12_2022_tcvn11930_2017', 'nd85_2016',
   'Yêu cầu an toàn cơ bản theo cấp độ — Thông tư 12/2022/TT-BTTTT và TCVN 11930:2017',
   'Baseline security requirements by level — Circular 12/2022/TT-BTTTT and TCVN 11930:2017',
   'TT 12/2022/TT-BTTTT Đ9–10, Phụ lục I–V; TCVN 11930:2017', '2022-10-01', true),
  ('tcvn14423_2026', 'nd331_2026',
   'Yêu cầu cơ bản về an ninh mạng đối với hệ thống thông tin — TCVN 14423:2026',
   'Cybersecurity — Information systems — Basic requirements (TCVN 14423:2026)',
   'NĐ 331/2026/NĐ-CP Đ28–30; TCVN 14423:2026 mục 3–7', '2026-08-19', false);

-- ── Circular 12/2022 + TCVN 11930:2017 (§4.3) ───────────────────────────────────────────────────
-- Ids are derived from catalogue:code (md5 shaped as a version-4 uuid): the same data on every install.
CREATE FUNCTION requirement_seed_id(key text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
  SELECT (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8' || substr(h, 18, 3) || '-' || substr(h, 21, 12))::uuid
    FROM (SELECT md5(key) AS h) x
$$;

INSERT INTO requirements (id, catalogue, code, family, group_code, group_name_vi, group_name_en, text_vi, text_en, min_level, max_level, legal_ref, verified, sort)
SELECT requirement_seed_id('tt12_2022_tcvn11930_2017:' || r.code), 'tt12_2022_tcvn11930_2017', r.code, g.family, g.code, g.name_vi, g.name_en,
       r.text_vi, r.text_en, r.min_level, 5, r.legal_ref, true, r.sort
FROM (VALUES
  ('1.1', 'management', 'Chính sách an toàn thông tin', 'Security policy'),
  ('1.2', 'management', 'Tổ chức bảo đảm an toàn thông tin', 'Organisation of information security'),
  ('1.3', 'management', 'Bảo đảm nguồn nhân lực', 'Human resources'),
  ('1.4', 'management', 'Quản lý thiết kế, xây dựng hệ thống', 'Design and build management'),
  ('1.5', 'management', 'Quản lý vận hành hệ thống', 'Operation management'),
  ('1.6', 'management', 'Phương án quản lý rủi ro an toàn thông tin', 'Information-security risk management plan'),
  ('1.7', 'management', 'Phương án kết thúc vận hành, khai thác, thanh lý, hủy bỏ', 'Decommissioning plan'),
  ('2.1', 'technical', 'Bảo đảm an toàn mạng', 'Network security'),
  ('2.2', 'technical', 'Bảo đảm an toàn máy chủ', 'Server security'),
  ('2.3', 'technical', 'Bảo đảm an toàn ứng dụng', 'Application security'),
  ('2.4', 'technical', 'Bảo đảm an toàn dữ liệu', 'Data security')
) AS g(code, family, name_vi, name_en)
JOIN (VALUES
  ('1.1', 'm1.1.1', 1, 'Xây dựng chính sách an toàn thông tin (quy chế bảo đảm an toàn thông tin) của hệ thống.', 'Establish the information-security policy (internal security regulation) of the system.', 'TT 12/2022 PL I–V mục 1.1; TCVN 11930:2017 mục 5.1.1–9.1.1', 101),
  ('1.1', 'm1.1.2', 1, 'Ban hành, công bố chính sách an toàn thông tin tới người có liên quan.', 'Issue the policy and make it known to everyone concerned.', 'TT 12/2022 PL I–V mục 1.1; TCVN 11930:2017 mục 5.1.1–9.1.1', 102),
  ('1.1', 'm1.1.3', 1, 'Định kỳ rà soát, sửa đổi, bổ sung chính sách an toàn thông tin.', 'Review and revise the policy periodically.', 'TT 12/2022 PL I–V mục 1.1; TCVN 11930:2017 mục 5.1.1–9.1.1', 103),
  ('1.2', 'm1.2.1', 1, 'Có đơn vị (bộ phận) chuyên trách về an toàn thông tin.', 'A specialised information-security unit is designated.', 'TT 12/2022 PL I–V mục 1.2; TCVN 11930:2017 mục 5.1.2–9.1.2', 111),
  ('1.2', 'm1.2.2', 1, 'Có đầu mối và cách thức phối hợp với cơ quan, tổ chức có thẩm quyền.', 'A contact point and a way of cooperating with the competent authorities.', 'TT 12/2022 PL I–V mục 1.2; TCVN 11930:2017 mục 5.1.2–9.1.2', 112),
  ('1.3', 'm1.3.1', 1, 'Tuyển dụng: yêu cầu và kiểm tra về an toàn thông tin khi tuyển dụng nhân sự.', 'Hiring: security requirements and checks when recruiting staff.', 'TT 12/2022 PL I–V mục 1.3; TCVN 11930:2017 mục 5.1.3–9.1.3', 121),
  ('1.3', 'm1.3.2', 1, 'Trong quá trình làm việc: phổ biến, đào tạo, nâng cao nhận thức về an toàn thông tin.', 'During employment: briefing, training and awareness.', 'TT 12/2022 PL I–V mục 1.3; TCVN 11930:2017 mục 5.1.3–9.1.3', 122),
  ('1.3', 'm1.3.3', 1, 'Khi chấm dứt hoặc thay đổi công việc: thu hồi tài khoản, quyền truy cập và tài sản.', 'On termination or change of duties: revoke accounts, access rights and assets.', 'TT 12/2022 PL I–V mục 1.3; TCVN 11930:2017 mục 5.1.3–9.1.3', 123),
  ('1.4', 'm1.4.1', 1, 'Thiết kế an toàn hệ thống thông tin.', 'Secure design of the information system.', 'TT 12/2022 PL I–V mục 1.4; TCVN 11930:2017 mục 5.1.4–9.1.4', 131),
  ('1.4', 'm1.4.2', 2, 'Quản lý phát triển phần mềm thuê khoán.', 'Management of outsourced software development.', 'TT 12/2022 PL II–V mục 1.4; TCVN 11930:2017 mục 6.1.4–9.1.4', 132),
  ('1.4', 'm1.4.3', 1, 'Thử nghiệm và nghiệm thu hệ thống về an toàn thông tin trước khi đưa vào sử dụng.', 'Security testing and acceptance before the system goes live.', 'TT 12/2022 PL I–V mục 1.4; TCVN 11930:2017 mục 5.1.4–9.1.4', 133),
  ('1.5', 'm1.5.1', 1, 'Quản lý an toàn mạng.', 'Network security management.', 'TT 12/2022 PL I–V mục 1.5; TCVN 11930:2017 mục 5.1.5–9.1.5', 141),
  ('1.5', 'm1.5.2', 1, 'Quản lý an toàn máy chủ và ứng dụng.', 'Server and application security management.', 'TT 12/2022 PL I–V mục 1.5; TCVN 11930:2017 mục 5.1.5–9.1.5', 142),
  ('1.5', 'm1.5.3', 1, 'Quản lý an toàn dữ liệu.', 'Data security management.', 'TT 12/2022 PL I–V mục 1.5; TCVN 11930:2017 mục 5.1.5–9.1.5', 143),
  ('1.5', 'm1.5.4', 2, 'Quản lý sự cố an toàn thông tin.', 'Security incident management.', 'TT 12/2022 PL II–V mục 1.5; TCVN 11930:2017 mục 6.1.5–9.1.5', 144),
  ('1.5', 'm1.5.5', 2, 'Quản lý an toàn người sử dụng đầu cuối.', 'End-user security management.', 'TT 12/2022 PL II–V mục 1.5; TCVN 11930:2017 mục 6.1.5–9.1.5', 145),
  ('1.5', 'm1.5.6', 3, 'Quản lý an toàn thiết bị đầu cuối.', 'Endpoint device security management.', 'TT 12/2022 PL III–V mục 1.5; TCVN 11930:2017 mục 7.1.5–9.1.5', 146),
  ('1.5', 'm1.5.7', 3, 'Quản lý phòng chống phần mềm độc hại.', 'Anti-malware management.', 'TT 12/2022 PL III–V mục 1.5; TCVN 11930:2017 mục 7.1.5–9.1.5', 147),
  ('1.5', 'm1.5.8', 3, 'Quản lý giám sát an toàn hệ thống thông tin.', 'Security monitoring management.', 'TT 12/2022 PL III–V mục 1.5; TCVN 11930:2017 mục 7.1.5–9.1.5', 148),
  ('1.5', 'm1.5.9', 3, 'Quản lý điểm yếu an toàn thông tin.', 'Vulnerability management.', 'TT 12/2022 PL III–V mục 1.5; TCVN 11930:2017 mục 7.1.5–9.1.5', 149),
  ('1.6', 'm1.6.1', 1, 'Có phương án quản lý rủi ro an toàn thông tin.', 'An information-security risk management plan.', 'TT 12/2022 Đ9; PL I–V mục 1.6', 151),
  ('1.7', 'm1.7.1', 1, 'Có phương án kết thúc vận hành, khai thác, thanh lý, hủy bỏ hệ thống.', 'A plan for ending operation, disposal and decommissioning of the system.', 'TT 12/2022 Đ9; PL I–V mục 1.7', 161),
  ('2.1', 't2.1.1', 1, 'Kiểm soát truy cập từ bên ngoài mạng.', 'Control of access from outside the network.', 'TT 12/2022 PL I–V mục 2.1; TCVN 11930:2017 mục 5.2.1–9.2.1', 201),
  ('2.1', 't2.1.2', 2, 'Kiểm soát truy cập từ bên trong mạng.', 'Control of access from inside the network.', 'TT 12/2022 PL II–V mục 2.1; TCVN 11930:2017 mục 6.2.1–9.2.1', 202),
  ('2.1', 't2.1.3', 1, 'Nhật ký hệ thống của thiết bị mạng, thiết bị bảo mật.', 'Logs of network and security devices.', 'TT 12/2022 PL I–V mục 2.1; TCVN 11930:2017 mục 5.2.1–9.2.1', 203),
  ('2.1', 't2.1.4', 1, 'Phòng chống xâm nhập.', 'Intrusion prevention.', 'TT 12/2022 PL I–V mục 2.1; TCVN 11930:2017 mục 5.2.1–9.2.1', 204),
  ('2.1', 't2.1.5', 3, 'Phòng chống phần mềm độc hại trên môi trường mạng.', 'Anti-malware on the network.', 'TT 12/2022 PL III–V mục 2.1; TCVN 11930:2017 mục 7.2.1–9.2.1', 205),
  ('2.1', 't2.1.6', 1, 'Bảo vệ thiết bị hệ thống.', 'Protection of system devices.', 'TT 12/2022 PL I–V mục 2.1; TCVN 11930:2017 mục 5.2.1–9.2.1', 206),
  ('2.2', 't2.2.1', 1, 'Xác thực khi truy cập, quản trị máy chủ.', 'Authentication for access to and administration of servers.', 'TT 12/2022 PL I–V mục 2.2; TCVN 11930:2017 mục 5.2.2–9.2.2', 211),
  ('2.2', 't2.2.2', 1, 'Kiểm soát truy cập máy chủ.', 'Server access control.', 'TT 12/2022 PL I–V mục 2.2; TCVN 11930:2017 mục 5.2.2–9.2.2', 212),
  ('2.2', 't2.2.3', 1, 'Nhật ký hệ thống của máy chủ.', 'Server logs.', 'TT 12/2022 PL I–V mục 2.2; TCVN 11930:2017 mục 5.2.2–9.2.2', 213),
  ('2.2', 't2.2.4', 1, 'Phòng chống xâm nhập trên máy chủ.', 'Intrusion prevention on servers.', 'TT 12/2022 PL I–V mục 2.2; TCVN 11930:2017 mục 5.2.2–9.2.2', 214),
  ('2.2', 't2.2.5', 1, 'Phòng chống phần mềm độc hại trên máy chủ.', 'Anti-malware on servers.', 'TT 12/2022 PL I–V mục 2.2; TCVN 11930:2017 mục 5.2.2–9.2.2', 215),
  ('2.2', 't2.2.6', 2, 'Xử lý máy chủ khi chuyển giao, thanh lý (xóa sạch dữ liệu).', 'Handling of servers on hand-over or disposal (data wiped).', 'TT 12/2022 PL II–V mục 2.2; TCVN 11930:2017 mục 6.2.2–9.2.2', 216),
  ('2.3', 't2.3.1', 1, 'Xác thực trên ứng dụng.', 'Application authentication.', 'TT 12/2022 PL I–V mục 2.3; TCVN 11930:2017 mục 5.2.3–9.2.3', 221),
  ('2.3', 't2.3.2', 1, 'Kiểm soát truy cập ứng dụng.', 'Application access control.', 'TT 12/2022 PL I–V mục 2.3; TCVN 11930:2017 mục 5.2.3–9.2.3', 222),
  ('2.3', 't2.3.3', 1, 'Nhật ký hệ thống của ứng dụng.', 'Application logs.', 'TT 12/2022 PL I–V mục 2.3; TCVN 11930:2017 mục 5.2.3–9.2.3', 223),
  ('2.3', 't2.3.4', 2, 'Bảo đảm an toàn ứng dụng và mã nguồn.', 'Application and source-code security.', 'TT 12/2022 PL II–V mục 2.3; TCVN 11930:2017 mục 6.2.3–9.2.3', 224),
  ('2.3', 't2.3.5', 3, 'Bảo mật thông tin liên lạc (mã hóa kênh truyền).', 'Confidentiality of communications (encrypted channels).', 'TT 12/2022 PL III–V mục 2.3; TCVN 11930:2017 mục 7.2.3–9.2.3', 225),
  ('2.3', 't2.3.6', 3, 'Chống chối bỏ.', 'Non-repudiation.', 'TT 12/2022 PL III–V mục 2.3; TCVN 11930:2017 mục 7.2.3–9.2.3', 226),
  ('2.4', 't2.4.1', 1, 'Sao lưu dự phòng dữ liệu.', 'Data backup.', 'TT 12/2022 PL I–V mục 2.4; TCVN 11930:2017 mục 5.2.4–9.2.4', 231),
  ('2.4', 't2.4.2', 2, 'Bảo mật dữ liệu.', 'Data confidentiality.', 'TT 12/2022 PL II–V mục 2.4; TCVN 11930:2017 mục 6.2.4–9.2.4', 232),
  ('2.4', 't2.4.3', 3, 'Bảo đảm tính nguyên vẹn của dữ liệu.', 'Data integrity.', 'TT 12/2022 PL III–V mục 2.4; TCVN 11930:2017 mục 7.2.4–9.2.4', 233)
) AS r(group_code, code, min_level, text_vi, text_en, legal_ref, sort) ON r.group_code = g.code;

-- Design requirements ("thiết kế hệ thống"), one row per cell range of the §4.3 design table.
INSERT INTO requirements (id, catalogue, code, family, group_code, group_name_vi, group_name_en, text_vi, text_en, min_level, max_level, legal_ref, verified, sort)
SELECT requirement_seed_id('tt12_2022_tcvn11930_2017:' || r.code), 'tt12_2022_tcvn11930_2017', r.code, 'design', '3', 'Yêu cầu thiết kế hệ thống', 'System design requirements',
       r.text_vi, r.text_en, r.min_level, r.max_level, r.legal_ref, true, r.sort
FROM (VALUES
  ('d.zones.1', 1, 1, 'Phân tối thiểu 3 vùng mạng: mạng nội bộ, vùng biên, vùng DMZ.', 'At least 3 network zones: internal, edge, DMZ.', 'TT 12/2022 PL I (thiết kế)', 301),
  ('d.zones.2', 2, 2, 'Phân tối thiểu 5 vùng mạng: mạng nội bộ, vùng biên, DMZ, vùng máy chủ nội bộ, vùng mạng không dây riêng.', 'At least 5 zones: internal, edge, DMZ, internal servers, separate wireless.', 'TT 12/2022 PL II (thiết kế)', 302),
  ('d.zones.3', 3, 3, 'Phân tối thiểu 7 vùng mạng: như cấp độ 2, thêm vùng máy chủ cơ sở dữ liệu và vùng quản trị.', 'At least 7 zones: as level 2 plus database servers and management.', 'TT 12/2022 PL III (thiết kế)', 303),
  ('d.zones.4', 4, 5, 'Phân tối thiểu 8 vùng mạng: như cấp độ 3, thêm vùng quản lý thiết bị hệ thống.', 'At least 8 zones: as level 3 plus system-device management.', 'TT 12/2022 PL IV–V (thiết kế)', 304),
  ('d.remote.1', 1, 2, 'Quản trị từ xa qua VPN hoặc phương thức tương đương.', 'Remote administration through a VPN or equivalent.', 'TT 12/2022 PL I–II (thiết kế)', 311),
  ('d.remote.3', 3, 3, 'Quản trị từ xa qua VPN hoặc tương đương; bắt buộc dùng sản phẩm VPN chuyên dụng nếu hệ thống xử lý bí mật nhà nước hoặc cung cấp dịch vụ trực tuyến cho từ 10.000 người sử dụng (nếu không thuộc hai trường hợp này, đánh giá theo VPN hoặc tương đương).', 'Remote administration through a VPN or equivalent; a dedicated VPN product is mandatory for state-secret systems and online services to 10,000 users or more.', 'TT 12/2022 PL III (thiết kế)', 312),
  ('d.remote.4', 4, 4, 'Quản trị từ xa qua VPN hoặc tương đương; bắt buộc dùng sản phẩm VPN chuyên dụng nếu hệ thống xử lý bí mật nhà nước.', 'Remote administration through a VPN or equivalent; a dedicated VPN product is mandatory for state-secret systems.', 'TT 12/2022 PL IV (thiết kế)', 313),
  ('d.remote.5', 5, 5, 'Quản trị từ xa bằng sản phẩm VPN chuyên dụng.', 'Remote administration through a dedicated VPN product.', 'TT 12/2022 PL V (thiết kế)', 314),
  ('d.interzone.1', 1, 2, 'Kiểm soát giữa các vùng mạng bằng tường lửa có chức năng phòng chống xâm nhập (IPS) hoặc tương đương.', 'Inter-zone control by a firewall with intrusion prevention (IPS) or equivalent.', 'TT 12/2022 PL I–II (thiết kế)', 321),
  ('d.interzone.3', 3, 4, 'Kiểm soát giữa các vùng mạng bằng tường lửa kèm IPS hoặc sản phẩm IPS mạng chuyên dụng.', 'Inter-zone control by a firewall with IPS or a network IPS product.', 'TT 12/2022 PL III–IV (thiết kế)', 322),
  ('d.interzone.5', 5, 5, 'Kiểm soát giữa các vùng mạng bằng sản phẩm IPS mạng chuyên dụng.', 'Inter-zone control by a network IPS product.', 'TT 12/2022 PL V (thiết kế)', 323),
  ('d.antimalware.1', 1, 2, 'Phòng chống phần mềm độc hại cho máy chủ, máy trạm.', 'Anti-malware on servers and workstations.', 'TT 12/2022 PL I–II (thiết kế)', 331),
  ('d.antimalware.3', 3, 5, 'Phòng chống phần mềm độc hại có quản lý tập trung và/hoặc giải pháp EDR cho máy chủ, máy trạm.', 'Centrally managed anti-malware and/or EDR on servers and workstations.', 'TT 12/2022 PL III–V (thiết kế)', 332),
  ('d.waf.2', 2, 2, 'Tường lửa ứng dụng web (WAF) — chỉ áp dụng cho hệ thống phục vụ người dân, doanh nghiệp (NĐ 85/2016 Đ8.2); hệ thống khác đánh dấu «Không áp dụng».', 'Web application firewall — only for systems serving citizens and businesses (Decree 85 Art 8.2); otherwise not applicable.', 'TT 12/2022 PL II (thiết kế); NĐ 85/2016 Đ8.2', 341),
  ('d.waf.3', 3, 3, 'Tường lửa ứng dụng web (WAF) — chỉ áp dụng cho hệ thống phục vụ người dân, doanh nghiệp (NĐ 85/2016 Đ9.2); hệ thống khác đánh dấu «Không áp dụng».', 'Web application firewall — only for systems serving citizens and businesses (Decree 85 Art 9.2); otherwise not applicable.', 'TT 12/2022 PL III (thiết kế); NĐ 85/2016 Đ9.2', 342),
  ('d.waf.4', 4, 4, 'Tường lửa ứng dụng web (WAF) — áp dụng cho hệ thống Chính phủ điện tử quốc gia (Đ10.2) và hạ tầng trung tâm dữ liệu, điện toán đám mây, định danh, chữ ký điện tử, nền tảng tích hợp (Đ10.3); hệ thống khác đánh dấu «Không áp dụng».', 'WAF — for national e-government systems (Art 10.2) and data-centre/cloud, e-ID, e-signature and integration infrastructure (Art 10.3); otherwise not applicable.', 'TT 12/2022 PL IV (thiết kế); NĐ 85/2016 Đ10.2–10.3', 343),
  ('d.waf.5', 5, 5, 'Tường lửa ứng dụng web (WAF) — áp dụng cho hệ thống thuộc tiêu chí (2) của cấp độ 5; hệ thống khác đánh dấu «Không áp dụng».', 'WAF — for systems under criterion (2) of level 5; otherwise not applicable.', 'TT 12/2022 PL V (thiết kế); NĐ 85/2016 Đ11.2', 344),
  ('d.email.2', 2, 2, 'Bảo đảm an toàn thư điện tử — chỉ áp dụng nếu hệ thống là hệ thống thư điện tử.', 'E-mail security — only if the system is an e-mail system.', 'TT 12/2022 PL II (thiết kế)', 351),
  ('d.email.3', 3, 5, 'Sản phẩm bảo đảm an toàn thư điện tử — chỉ áp dụng nếu hệ thống là hệ thống thư điện tử.', 'An e-mail security product — only if the system is an e-mail system.', 'TT 12/2022 PL III–V (thiết kế)', 352),
  ('d.redundancy.2', 2, 2, 'Dự phòng cho thiết bị chuyển mạch trung tâm và tường lửa trung tâm.', 'Redundant core switch and central firewall.', 'TT 12/2022 PL II (thiết kế)', 361),
  ('d.redundancy.3', 3, 4, 'Cân bằng tải và dự phòng nóng cho thiết bị mạng chính: chuyển mạch trung tâm, tường lửa trung tâm, WAF, lưu trữ trung tâm, tường lửa cơ sở dữ liệu.', 'Load balancing and hot standby for the main network devices: core switch, central firewall, WAF, central storage, database firewall.', 'TT 12/2022 Đ3; PL III–IV (thiết kế)', 362),
  ('d.redundancy.5', 5, 5, 'Dự phòng nóng cho các thiết bị mạng.', 'Hot standby for network devices.', 'TT 12/2022 PL V (thiết kế)', 363),
  ('d.dbfw.3', 3, 3, 'Tường lửa cơ sở dữ liệu — chỉ áp dụng cho cơ sở dữ liệu dùng chung tập trung (tiêu chí hạ tầng); hệ thống khác đánh dấu «Không áp dụng».', 'Database firewall — only for a shared central database (infrastructure criterion); otherwise not applicable.', 'TT 12/2022 PL III (thiết kế)', 371),
  ('d.dbfw.4', 4, 4, 'Tường lửa cơ sở dữ liệu — chỉ áp dụng cho cơ sở dữ liệu dùng chung; hệ thống khác đánh dấu «Không áp dụng».', 'Database firewall — only for a shared database; otherwise not applicable.', 'TT 12/2022 PL IV (thiết kế)', 372),
  ('d.dbfw.5', 5, 5, 'Tường lửa cơ sở dữ liệu — áp dụng cho hệ thống thuộc tiêu chí (2) của cấp độ 5; hệ thống khác đánh dấu «Không áp dụng».', 'Database firewall — for systems under criterion (2) of level 5; otherwise not applicable.', 'TT 12/2022 PL V (thiết kế)', 373),
  ('d.netmalware.3', 3, 5, 'Lọc phần mềm độc hại trên môi trường mạng.', 'Anti-malware filtering on the network.', 'TT 12/2022 PL III–V (thiết kế)', 381),
  ('d.ddos.3', 3, 3, 'Chống tấn công từ chối dịch vụ (dịch vụ hoặc sản phẩm) — áp dụng cho trung tâm dữ liệu, điện toán đám mây, định danh/chữ ký điện tử, nền tảng tích hợp; hệ thống khác đánh dấu «Không áp dụng».', 'Anti-DDoS (service or product) — for data centres/cloud, e-ID/e-signature and integration platforms; otherwise not applicable.', 'TT 12/2022 PL III (thiết kế)', 391),
  ('d.ddos.4', 4, 4, 'Chống tấn công từ chối dịch vụ — áp dụng cho trung tâm dữ liệu, điện toán đám mây, định danh/chữ ký điện tử, nền tảng tích hợp và hệ thống Chính phủ điện tử quốc gia; hệ thống khác đánh dấu «Không áp dụng».', 'Anti-DDoS — for data centres/cloud, e-ID/e-signature, integration platforms and national e-government systems; otherwise not applicable.', 'TT 12/2022 PL IV (thiết kế)', 392),
  ('d.ddos.5', 5, 5, 'Chống tấn công từ chối dịch vụ — áp dụng cho hệ thống thuộc tiêu chí (2), (3) của cấp độ 5; hệ thống khác đánh dấu «Không áp dụng».', 'Anti-DDoS — for systems under criteria (2) and (3) of level 5; otherwise not applicable.', 'TT 12/2022 PL V (thiết kế)', 393),
  ('d.nac.3', 3, 4, 'Kiểm soát truy cập mạng (NAC) cho mạng LAN và trung tâm điều hành an ninh.', 'Network access control (NAC) for the LAN and the security operations centre.', 'TT 12/2022 PL III–IV (thiết kế)', 401),
  ('d.nac.5', 5, 5, 'Kiểm soát truy cập mạng (NAC).', 'Network access control (NAC).', 'TT 12/2022 PL V (thiết kế)', 402),
  ('d.siem.3', 3, 3, 'Giám sát tập trung và hệ thống quản lý, phân tích sự kiện an toàn thông tin (SIEM).', 'Centralised monitoring and a SIEM.', 'TT 12/2022 PL III (thiết kế)', 411),
  ('d.siem.4', 4, 5, 'Giám sát tập trung, SIEM và sản phẩm giám sát an toàn thông tin.', 'Centralised monitoring, a SIEM and a security monitoring product.', 'TT 12/2022 PL IV–V (thiết kế)', 412),
  ('d.backup.3', 3, 5, 'Hệ thống sao lưu tập trung.', 'A central backup system.', 'TT 12/2022 PL III–V (thiết kế)', 421),
  ('d.dlp.3', 3, 3, 'Chống thất thoát dữ liệu (DLP) — áp dụng cho hệ thống xử lý bí mật nhà nước hoặc dịch vụ cho từ 10.000 người sử dụng; hệ thống khác đánh dấu «Không áp dụng».', 'Data loss prevention — for state-secret systems or services to 10,000 users or more; otherwise not applicable.', 'TT 12/2022 PL III (thiết kế)', 431),
  ('d.dlp.4', 4, 4, 'Chống thất thoát dữ liệu (DLP) — áp dụng cho hệ thống xử lý bí mật nhà nước hoặc cơ sở dữ liệu dùng chung; hệ thống khác đánh dấu «Không áp dụng».', 'Data loss prevention — for state-secret systems or shared databases; otherwise not applicable.', 'TT 12/2022 PL IV (thiết kế)', 432),
  ('d.dlp.5', 5, 5, 'Chống thất thoát dữ liệu (DLP) — áp dụng cho hệ thống xử lý bí mật nhà nước hoặc thuộc tiêu chí (2) của cấp độ 5; hệ thống khác đánh dấu «Không áp dụng».', 'Data loss prevention — for state-secret systems or systems under criterion (2) of level 5; otherwise not applicable.', 'TT 12/2022 PL V (thiết kế)', 433),
  ('d.internet.3', 3, 5, 'Đường truyền Internet dự phòng cho máy chủ cung cấp dịch vụ; bảo đảm an toàn mạng không dây.', 'Redundant Internet links for service servers; Wi-Fi security.', 'TT 12/2022 PL III–V (thiết kế)', 441),
  ('d.pam.4', 4, 5, 'Quản lý tài khoản đặc quyền (PAM).', 'Privileged account management (PAM).', 'TT 12/2022 PL IV–V (thiết kế)', 451),
  ('d.georedundancy.5', 5, 5, 'Hệ thống dự phòng đặt cách hệ thống chính tối thiểu 30 km; đường truyền dự phòng giữa hệ thống chính và dự phòng.', 'A backup site at least 30 km from the primary; redundant links between primary and backup.', 'TT 12/2022 PL V (thiết kế)', 461)
) AS r(code, min_level, max_level, text_vi, text_en, legal_ref, sort);

-- ── TCVN 14423:2026 (§5.2, third-party summary: verified = false) ──────────────────────────────

INSERT INTO requirements (id, catalogue, code, family, group_code, group_name_vi, group_name_en, text_vi, text_en, min_level, max_level, legal_ref, verified, sort)
SELECT requirement_seed_id('tcvn14423_2026:' || r.code), 'tcvn14423_2026', r.code, g.family, g.code, g.name_vi, g.name_en,
       r.text_vi, r.text_en, r.min_level, r.max_level, 'TCVN 14423:2026 mục 3–7 (' || g.name_vi || ')', false, r.sort
FROM (VALUES
  ('G01', 'management', 'Quản lý rủi ro', 'Risk management'),
  ('G02', 'management', 'Quản lý tài sản phần cứng', 'Hardware assets'),
  ('G03', 'management', 'Quản lý tài sản phần mềm', 'Software assets'),
  ('G04', 'management', 'Quản lý tài sản thông tin', 'Information assets'),
  ('G05', 'technical', 'Cấu hình an toàn', 'Secure configuration'),
  ('G06', 'technical', 'Quản lý tài khoản và kiểm soát truy cập', 'Accounts and access control'),
  ('G07', 'technical', 'Quản lý lỗ hổng', 'Vulnerability management'),
  ('G08', 'technical', 'Nhật ký an ninh mạng', 'Security logging'),
  ('G09', 'technical', 'Bảo vệ trình duyệt và thư điện tử', 'Browser and e-mail protection'),
  ('G10', 'technical', 'Phòng chống mã độc', 'Malware defence'),
  ('G11', 'technical', 'Sao lưu và phục hồi', 'Backup and recovery'),
  ('G12', 'technical', 'Hạ tầng mạng', 'Network infrastructure'),
  ('G13', 'technical', 'Giám sát và phòng thủ', 'Monitoring and defence'),
  ('G14', 'management', 'Nhân sự', 'Personnel'),
  ('G15', 'management', 'Nhà cung cấp', 'Suppliers'),
  ('G16', 'management', 'Ứng phó sự cố', 'Incident response'),
  ('G17', 'technical', 'Phát triển ứng dụng an toàn', 'Secure application development'),
  ('G18', 'technical', 'Kiểm thử xâm nhập', 'Penetration testing')
) AS g(code, family, name_vi, name_en)
JOIN (VALUES
  ('G01', 'c01', 1, 5, 'Nhận diện, đánh giá và xử lý rủi ro an ninh mạng của hệ thống.', 'Identify, assess and treat the cybersecurity risks of the system.', 10),
  ('G02', 'c02', 1, 5, 'Kiểm kê và quản lý tài sản phần cứng.', 'Inventory and management of hardware assets.', 20),
  ('G03', 'c03', 1, 5, 'Kiểm kê và quản lý tài sản phần mềm; chỉ dùng phần mềm được phép.', 'Inventory and management of software assets; only authorised software.', 30),
  ('G04', 'c04', 1, 5, 'Phân loại và bảo vệ tài sản thông tin.', 'Classification and protection of information assets.', 40),
  ('G04', 'c04.dlp', 4, 5, 'Chống thất thoát dữ liệu (DLP).', 'Data loss prevention (DLP).', 41),
  ('G05', 'c05', 1, 5, 'Cấu hình an toàn (cứng hóa) thiết bị, máy chủ, ứng dụng.', 'Secure configuration (hardening) of devices, servers and applications.', 50),
  ('G06', 'c06', 1, 5, 'Quản lý tài khoản và phân quyền truy cập.', 'Account management and access rights.', 60),
  ('G06', 'c06.mfa', 1, 5, 'Xác thực đa yếu tố cho truy cập từ xa, truy cập của bên thứ ba, truy cập qua Internet và tài khoản quản trị.', 'Multi-factor authentication for remote, third-party, Internet and administrator access.', 61),
  ('G06', 'c06.inactive', 1, 5, 'Vô hiệu hóa tài khoản không hoạt động quá 45 ngày.', 'Disable accounts inactive for more than 45 days.', 62),
  ('G06', 'c06.pam', 4, 5, 'Quản lý truy cập đặc quyền (PAM).', 'Privileged access management (PAM).', 63),
  ('G07', 'c07', 1, 5, 'Quy trình quản lý và khắc phục lỗ hổng.', 'A vulnerability management and remediation process.', 70),
  ('G07', 'c07.patch', 1, 5, 'Cập nhật bản vá cho thiết bị đầu cuối hằng tháng.', 'Monthly patching of endpoint devices.', 71),
  ('G07', 'c07.scan.1', 1, 2, 'Rà quét lỗ hổng ít nhất một lần mỗi năm.', 'Vulnerability scanning at least yearly.', 72),
  ('G07', 'c07.scan.3', 3, 4, 'Rà quét lỗ hổng ít nhất 6 tháng một lần.', 'Vulnerability scanning at least every 6 months.', 73),
  ('G07', 'c07.scan.4c', 4, 4, 'Rà quét lỗ hổng hằng quý đối với tài sản quan trọng.', 'Quarterly vulnerability scanning of critical assets.', 74),
  ('G07', 'c07.scan.5', 5, 5, 'Rà quét lỗ hổng hằng quý.', 'Quarterly vulnerability scanning.', 75),
  ('G07', 'c07.central', 3, 5, 'Quản lý cập nhật bản vá tập trung.', 'Central patch management.', 76),
  ('G08', 'c08', 1, 5, 'Ghi và bảo vệ nhật ký an ninh mạng của hệ thống.', 'Record and protect the security logs of the system.', 80),
  ('G08', 'c08.keep.2', 2, 2, 'Lưu giữ nhật ký tối thiểu 1 tháng.', 'Keep logs for at least 1 month.', 81),
  ('G08', 'c08.keep.3', 3, 3, 'Lưu giữ nhật ký tối thiểu 3 tháng.', 'Keep logs for at least 3 months.', 82),
  ('G08', 'c08.keep.4', 4, 4, 'Lưu giữ nhật ký tối thiểu 6 tháng.', 'Keep logs for at least 6 months.', 83),
  ('G08', 'c08.keep.5', 5, 5, 'Lưu giữ nhật ký tối thiểu 12 tháng.', 'Keep logs for at least 12 months.', 84),
  ('G09', 'c09', 1, 5, 'Bảo vệ trình duyệt web và thư điện tử.', 'Protection of web browsers and e-mail.', 90),
  ('G10', 'c10', 1, 5, 'Phòng chống mã độc trên máy chủ, máy trạm.', 'Malware defence on servers and workstations.', 100),
  ('G10', 'c10.edr', 3, 5, 'Giải pháp phát hiện và phản ứng tại thiết bị đầu cuối (EDR).', 'Endpoint detection and response (EDR).', 101),
  ('G11', 'c11', 1, 5, 'Sao lưu và phục hồi dữ liệu, hệ thống.', 'Backup and recovery of data and systems.', 110),
  ('G11', 'c11.321', 3, 5, 'Sao lưu theo nguyên tắc 3-2-1.', 'Backups following the 3-2-1 rule.', 111),
  ('G11', 'c11.site', 5, 5, 'Trung tâm dự phòng cách trung tâm chính tối thiểu 30 km.', 'A backup site at least 30 km from the primary site.', 112),
  ('G12', 'c12', 1, 5, 'Bảo vệ hạ tầng mạng: phân vùng, kiểm soát truy cập giữa các vùng.', 'Network infrastructure protection: zoning and inter-zone access control.', 120),
  ('G12', 'c12.ha', 3, 5, 'Dự phòng nóng cho thiết bị mạng chính.', 'Hot standby for the main network devices.', 121),
  ('G12', 'c12.dbfw', 3, 5, 'Tường lửa cơ sở dữ liệu.', 'Database firewall.', 122),
  ('G12', 'c12.nac', 3, 5, 'Kiểm soát truy cập mạng (NAC).', 'Network access control (NAC).', 123),
  ('G12', 'c12.ddos', 3, 5, 'Chống tấn công từ chối dịch vụ (anti-DDoS).', 'Anti-DDoS protection.', 124),
  ('G13', 'c13', 3, 5, 'Giám sát an ninh mạng tập trung (SIEM).', 'Centralised security monitoring (SIEM).', 130),
  ('G13', 'c13.247', 4, 5, 'Giám sát an ninh mạng 24/7.', '24/7 security monitoring.', 131),
  ('G14', 'c14', 1, 5, 'Quản lý nhân sự về an ninh mạng: tuyển dụng, đào tạo, khi nghỉ việc.', 'Personnel security: hiring, training, leaving.', 140),
  ('G15', 'c15', 1, 5, 'Quản lý an ninh mạng đối với nhà cung cấp.', 'Supplier security management.', 150),
  ('G16', 'c16', 1, 5, 'Kế hoạch và năng lực ứng phó sự cố an ninh mạng.', 'Incident response plan and capability.', 160),
  ('G17', 'c17', 3, 5, 'Phát triển ứng dụng an toàn.', 'Secure application development.', 170),
  ('G18', 'c18', 3, 5, 'Kiểm thử xâm nhập hệ thống.', 'Penetration testing of the system.', 180),
  ('G18', 'c18.4', 4, 4, 'Kiểm thử xâm nhập nội bộ và bên ngoài hằng năm.', 'Yearly internal and external penetration tests.', 181),
  ('G18', 'c18.5', 5, 5, 'Kiểm thử xâm nhập 6 tháng một lần.', 'Penetration tests every 6 months.', 182)
) AS r(group_code, code, min_level, max_level, text_vi, text_en, sort) ON r.group_code = g.code;

DROP FUNCTION requirement_seed_id(text);

-- ── Periods ─────────────────────────────────────────────────────────────────────────────────────

INSERT INTO assessment_schedules (regime, level_min, level_max, months, external_required, legal_ref, verified) VALUES
  ('nd85_2016', 1, 2, 24, false, 'NĐ 85/2016 Đ20.2.c; TT 12/2022 Đ12', true),
  ('nd85_2016', 3, 4, 12, true, 'NĐ 85/2016 Đ20.2.c; TT 12/2022 Đ12', true),
  ('nd85_2016', 5, 5, 6, true, 'NĐ 85/2016 Đ20.2.c; TT 12/2022 Đ12', true),
  ('nd331_2026', 1, 2, 24, false, 'NĐ 331/2026 Đ28, Đ31.2; TCVN 14423:2026', false),
  ('nd331_2026', 3, 4, 12, false, 'NĐ 331/2026 Đ28, Đ31.2; TCVN 14423:2026', false),
  ('nd331_2026', 5, 5, 6, true, 'NĐ 331/2026 Đ28, Đ31.2; TCVN 14423:2026', false);
