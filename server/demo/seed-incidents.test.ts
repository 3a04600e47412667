import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/harness';
import { queryRows, type Database } from '../db/connect';
import { sql } from 'drizzle-orm';
import { seedDemo } from './seed';

describe('demo incidents', () => {
  let d: Database;
  beforeAll(async () => {
    d = await openTestDatabase();
    await seedDemo(d.db);
  }, 300_000);
  afterAll(() => d?.close());

  it('seeds a triaged phishing, a contained defacement with its 72-hour report overdue, and a closed malware outbreak', async () => {
    const rows = await queryRows(
      d.db,
      sql`SELECT i.type, i.status, o.code AS org, i.regime,
                 (SELECT count(*)::int FROM incident_indicators x WHERE x.incident_id = i.id) AS iocs,
                 (SELECT count(*)::int FROM incident_events e WHERE e.incident_id = i.id) AS events,
                 EXISTS (SELECT 1 FROM incident_reports r WHERE r.incident_id = i.id AND r.sent_at IS NULL AND r.due_at < now()) AS overdue,
                 EXISTS (SELECT 1 FROM incident_reports r WHERE r.incident_id = i.id AND r.report_type = 'final' AND r.sent_at IS NOT NULL) AS final_sent
            FROM incidents i JOIN orgs o ON o.id = i.org_id ORDER BY i.code`,
    );
    expect(rows.map((r) => [r.type, r.status, r.org, r.overdue, r.final_sent])).toEqual([
      ['phishing', 'triaged', 'X001', false, false],
      ['defacement', 'contained', 'SKHCN', true, false],
      ['malware', 'closed', 'X001', false, true],
    ]);
    for (const r of rows) {
      expect(Number(r.iocs)).toBeGreaterThanOrEqual(3);
      expect(Number(r.events)).toBeGreaterThanOrEqual(4);
      expect(r.regime).toBe('nd331_2026');
    }
  });

  it('keeps the closed one frozen, and the next code follows the seeded ones', async () => {
    await expect(d.raw.query(`UPDATE incidents SET title = 'x' WHERE status = 'closed'`)).rejects.toThrow(/closed/);
    const [c] = await queryRows(d.db, sql`SELECT last FROM incident_code_counters`);
    expect(Number(c?.last)).toBe(3);
  });
});
