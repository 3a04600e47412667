-- Early warnings: why an asset matched is kept once per advisory, not copied on every target row.
-- An advisory on a common program hits most of a province's 100,000 computers, and publishing must
-- write a target per computer within the issue's 2 s (bench/advisories.ts): the per-target row now
-- holds the asset and its answer, and points at one of the advisory's few matched items (which
-- program / operating system / component, which product rule, why) by its number. Forward-only.

CREATE TABLE advisory_matches (
  advisory_id      uuid NOT NULL REFERENCES advisories(id) ON DELETE CASCADE,
  -- The item's number within the advisory (advisory_targets.match_ord).
  ord              integer NOT NULL CHECK (ord >= 0),
  matched_kind     text NOT NULL CHECK (matched_kind IN ('component','program','os')),
  matched_vendor   varchar(255),
  matched_name     varchar(255) NOT NULL,
  matched_version  varchar(100),
  product_id       uuid,
  -- How the name matched (exact / prefix / compact / contains), which version rule (index in the
  -- product's versions, or null for "all versions" / the default status / an unknown version) and why.
  name_match       text NOT NULL CHECK (name_match IN ('exact','prefix','compact','contains')),
  version_rule     smallint,
  version_reason   text NOT NULL CHECK (version_reason IN ('all_versions','exact','range','default','unknown_version')),
  PRIMARY KEY (advisory_id, ord)
);

-- The items of advisories published before this migration, from their targets.
INSERT INTO advisory_matches (advisory_id, ord, matched_kind, matched_vendor, matched_name, matched_version, product_id, name_match, version_rule, version_reason)
SELECT advisory_id,
       (row_number() OVER (PARTITION BY advisory_id ORDER BY matched_kind, matched_name, matched_version, matched_vendor, product_id, name_match, version_rule, version_reason))::int - 1,
       matched_kind, matched_vendor, matched_name, matched_version, product_id, name_match, version_rule, version_reason
  FROM (SELECT DISTINCT advisory_id, matched_kind, matched_vendor, matched_name, matched_version, product_id, name_match, version_rule, version_reason
          FROM advisory_targets) d;

ALTER TABLE advisory_targets ADD COLUMN match_ord integer;
UPDATE advisory_targets t
   SET match_ord = m.ord
  FROM advisory_matches m
 WHERE m.advisory_id = t.advisory_id
   AND m.matched_kind = t.matched_kind
   AND m.matched_name = t.matched_name
   AND m.matched_vendor IS NOT DISTINCT FROM t.matched_vendor
   AND m.matched_version IS NOT DISTINCT FROM t.matched_version
   AND m.product_id IS NOT DISTINCT FROM t.product_id
   AND m.name_match = t.name_match
   AND m.version_rule IS NOT DISTINCT FROM t.version_rule
   AND m.version_reason = t.version_reason;
ALTER TABLE advisory_targets ALTER COLUMN match_ord SET NOT NULL;
ALTER TABLE advisory_targets
  DROP COLUMN matched_kind,
  DROP COLUMN matched_vendor,
  DROP COLUMN matched_name,
  DROP COLUMN matched_version,
  DROP COLUMN product_id,
  DROP COLUMN name_match,
  DROP COLUMN version_rule,
  DROP COLUMN version_reason;

-- One index for both the uniqueness of an asset within an advisory and the per-organisation reads
-- (advisory, organisation): publishing inserts its rows in this index's order, so they are appended
-- instead of scattered over three indexes. An asset is a computer (endpoint_id) or a system (system_id).
DROP INDEX advisory_targets_system_key;
DROP INDEX advisory_targets_endpoint_key;
DROP INDEX advisory_targets_advisory_org_idx;
CREATE UNIQUE INDEX advisory_targets_asset_key ON advisory_targets (advisory_id, org_id, endpoint_id, system_id) NULLS NOT DISTINCT;
ALTER TABLE advisory_targets ADD CONSTRAINT advisory_targets_one_asset CHECK ((endpoint_id IS NULL) <> (system_id IS NULL));

-- The answer's evidence and author are written by the answering use case from rows it has just read
-- in scope (evidence of the same advisory and organisation, the signed-in person); neither users nor
-- evidence are ever deleted. Their foreign keys fired two checks per row on every publish (~15% of
-- writing 90,000 targets) for nothing the application does not already guarantee.
ALTER TABLE advisory_targets DROP CONSTRAINT advisory_targets_evidence_id_fkey;
ALTER TABLE advisory_targets DROP CONSTRAINT advisory_targets_acted_by_fkey;
