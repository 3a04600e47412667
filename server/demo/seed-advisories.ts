/**
 * Demo early warnings (issue #5), published by the police's SOC analyst through the real use cases
 * (targets computed from the demo registry and computers, notices and audit written):
 *  - CB-2026-001 Microsoft Office RCE (CVE-2023-21716), published 20 days ago, both due dates passed:
 *    some units acknowledged and remediated, the rest overdue;
 *  - CB-2026-002 Fortinet FortiOS SSL VPN out-of-bounds write (CVE-2024-21762, CISA KEV), 6 days ago;
 *  - CB-2026-003 Apache Tomcat / nginx (CVE-2024-50379, CVE-2023-44487), TLP:GREEN, 2 days ago;
 *  - CB-2026-004 7-Zip Mark-of-the-Web bypass (CVE-2025-0411), still a draft.
 * The demo commune X001 gets a FortiOS firewall in its registry and a computer with 7-Zip, WinRAR and
 * Office 2016 (one of its agent machines), so that xa.attt has something to answer.
 */
import { sql } from 'drizzle-orm';
import { v5 as uuidv5 } from 'uuid';
import type { CreateAdvisoryBody } from '@shared/api/advisories';
import type { Ctx } from '../http/context';
import type { Jobs } from '../jobs/queue';
import { queryRows } from '../db/connect';
import { insertDraft, publishAdvisory } from '../modules/advisories/advisories.service';

const NS = '4f1c2a8e-6d0b-4a51-9d0e-5a7c3e2b1f90';
const DAY = 86_400_000;

export interface SeedAdvisoriesInput {
  orgId: (code: string) => string;
  analystId: string;
  now: Date;
}

async function one(ctx: Ctx, text: ReturnType<typeof sql>): Promise<Record<string, unknown> | undefined> {
  return (await queryRows(ctx.db, text))[0];
}

const ADVISORIES: { daysAgo: number | null; body: (now: Date) => CreateAdvisoryBody }[] = [
  {
    daysAgo: 20,
    body: (at) => ({
      title: 'Lỗ hổng thực thi mã từ xa trong Microsoft Office (Word) qua tệp RTF',
      description:
        'Lỗi hỏng bộ nhớ heap trong bộ phân tích RTF của Microsoft Word cho phép kẻ tấn công thực thi mã khi người dùng mở hoặc xem trước (Preview Pane) một tệp RTF được chế tạo đặc biệt, thường gửi qua thư điện tử.',
      guidance:
        '1. Cài bản cập nhật bảo mật Microsoft Office tháng 02/2023 trở về sau (Office 2016: bản 16.0.5387.1000 trở lên; Office 2010 đã hết hỗ trợ, cần thay thế).\n2. Trong khi chờ cập nhật: cấu hình Word mở tệp RTF ở chế độ Protected View, không mở tệp RTF từ nguồn không rõ.',
      severity: 'critical',
      cvssScore: 9.8,
      cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      cveIds: ['CVE-2023-21716'],
      tlp: 'clear',
      ackDueAt: new Date(at.getTime() + 3 * DAY).toISOString(),
      remediationDueAt: new Date(at.getTime() + 14 * DAY).toISOString(),
      products: [
        { vendor: 'Microsoft', product: 'Office Professional Plus 2016', allVersions: false, defaultStatus: 'unaffected', versions: [{ version: '16.0.0', lessThan: '16.0.5387.1000', status: 'affected', versionType: 'custom' }] },
        { vendor: 'Microsoft', product: 'Office Professional Plus 2010', allVersions: false, defaultStatus: 'unaffected', versions: [{ version: '14.0.0', lessThan: '14.0.7237.5000', status: 'affected', versionType: 'custom' }] },
      ],
    }),
  },
  {
    daysAgo: 6,
    body: (at) => ({
      title: 'Lỗ hổng ghi ngoài vùng nhớ trong FortiOS SSL VPN đang bị khai thác',
      description: 'Lỗ hổng out-of-bounds write trong sslvpnd của Fortinet FortiOS cho phép kẻ tấn công không cần xác thực thực thi mã từ xa qua yêu cầu HTTP được chế tạo. CISA đã đưa vào danh mục KEV (đang bị khai thác).',
      guidance: 'Nâng cấp FortiOS lên 7.4.3, 7.2.7, 7.0.14, 6.4.15 hoặc mới hơn. Nếu chưa nâng cấp được: tắt SSL VPN (không chỉ tắt web mode). Kiểm tra nhật ký truy cập VPN từ tháng 01/2024.',
      severity: 'critical',
      cvssScore: 9.6,
      cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      cveIds: ['CVE-2024-21762'],
      tlp: 'amber',
      knownExploited: true,
      ackDueAt: new Date(at.getTime() + 2 * DAY).toISOString(),
      remediationDueAt: new Date(at.getTime() + 10 * DAY).toISOString(),
      products: [
        {
          vendor: 'Fortinet',
          product: 'FortiOS',
          allVersions: false,
          defaultStatus: 'unaffected',
          versions: [
            { version: '7.4.0', lessThan: '7.4.3', status: 'affected', versionType: 'semver' },
            { version: '7.2.0', lessThan: '7.2.7', status: 'affected', versionType: 'semver' },
            { version: '7.0.0', lessThan: '7.0.14', status: 'affected', versionType: 'semver' },
            { version: '6.4.0', lessThan: '6.4.15', status: 'affected', versionType: 'semver' },
          ],
        },
        { vendor: 'Fortinet', product: 'FortiGate FortiOS', allVersions: false, defaultStatus: 'unaffected', versions: [{ version: '7.2.0', lessThan: '7.2.7', status: 'affected', versionType: 'semver' }] },
      ],
    }),
  },
  {
    daysAgo: 2,
    body: (at) => ({
      title: 'Lỗ hổng trong Apache Tomcat và nginx (HTTP/2 Rapid Reset)',
      description: 'Apache Tomcat trước 9.0.98 có lỗi điều kiện tranh chấp TOCTOU khi biên dịch JSP cho phép thực thi mã (CVE-2024-50379); nginx trước 1.25.3 bị tấn công từ chối dịch vụ HTTP/2 Rapid Reset (CVE-2023-44487).',
      guidance: 'Nâng cấp Apache Tomcat 9 lên 9.0.98 trở lên; nâng cấp nginx lên 1.25.3 trở lên hoặc giới hạn số luồng HTTP/2 (keepalive_requests, http2_max_concurrent_streams).',
      severity: 'high',
      cvssScore: 9.8,
      cveIds: ['CVE-2024-50379', 'CVE-2023-44487'],
      tlp: 'green',
      ackDueAt: new Date(at.getTime() + 3 * DAY).toISOString(),
      remediationDueAt: new Date(at.getTime() + 15 * DAY).toISOString(),
      products: [
        { vendor: 'Apache Software Foundation', product: 'Apache Tomcat', allVersions: false, defaultStatus: 'unaffected', versions: [{ version: '9.0.0', lessThan: '9.0.98', status: 'affected', versionType: 'semver' }] },
        { vendor: 'F5', product: 'nginx', allVersions: false, defaultStatus: 'unaffected', versions: [{ version: '1.9.5', lessThan: '1.25.3', status: 'affected', versionType: 'semver' }] },
      ],
    }),
  },
  {
    daysAgo: null,
    body: (at) => ({
      title: '7-Zip bỏ qua cơ chế Mark-of-the-Web khi giải nén',
      description: '7-Zip trước 24.09 không gắn Mark-of-the-Web cho tệp giải nén từ tệp nén lồng nhau, khiến Windows SmartScreen không cảnh báo khi chạy tệp độc hại.',
      guidance: 'Cập nhật 7-Zip lên 24.09 trở lên trên mọi máy tính.',
      severity: 'high',
      cvssScore: 7,
      cvssVector: 'CVSS:3.0/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H',
      cveIds: ['CVE-2025-0411'],
      tlp: 'clear',
      ackDueAt: new Date(at.getTime() + 3 * DAY).toISOString(),
      remediationDueAt: new Date(at.getTime() + 14 * DAY).toISOString(),
      products: [{ vendor: '7-Zip', product: '7-Zip', allVersions: false, defaultStatus: 'unaffected', versions: [{ version: '0', lessThan: '24.09', status: 'affected', versionType: 'custom' }] }],
    }),
  },
];

/** Writes the demo advisories; returns how many were published. */
export async function seedAdvisories(base: Ctx, input: SeedAdvisoriesInput): Promise<number> {
  const tq = await one(base, sql`SELECT id, path, name, code FROM orgs WHERE id = ${input.orgId('TQ')}`);
  const analyst = await one(base, sql`SELECT id, username, full_name, org_id FROM users WHERE id = ${input.analystId}`);
  if (!tq || !analyst) return 0;
  // The seed writes the in-app notices; no e-mail goes out for demo data (jobs are off while seeding).
  const jobs: Jobs = { ...base.jobs, enqueue: () => Promise.resolve(), enqueueMany: () => Promise.resolve() };
  const ctxAt = (at: Date): Ctx => ({
    ...base,
    jobs,
    clock: () => at,
    principal: {
      kind: 'user',
      userId: String(analyst.id),
      username: String(analyst.username),
      fullName: String(analyst.full_name),
      orgId: String(analyst.org_id),
      sessionId: null,
      assignments: [{ id: uuidv5('ra', NS), role: 'soc_analyst', orgId: String(tq.id), orgPath: String(tq.path), orgName: String(tq.name), orgCode: String(tq.code) }],
    },
  });

  // The demo commune's own assets: a FortiOS firewall in the registry, a computer with old 7-Zip, WinRAR, Office 2016.
  const x = input.orgId('X001');
  const system = await one(base, sql`SELECT s.id FROM information_systems s JOIN orgs o ON o.id = s.org_id WHERE o.path LIKE (SELECT path FROM orgs WHERE id = ${x}) || '%' ORDER BY s.code LIMIT 1`);
  if (system) {
    await queryRows(
      base.db,
      sql`INSERT INTO system_components (id, system_id, kind, vendor, product, version, sort) VALUES (${uuidv5('x001-fortios', NS)}, ${String(system.id)}, 'security_device', 'Fortinet', 'FortiOS', '7.0.12', 9)`,
    );
  }
  const pc = await one(
    base,
    sql`SELECT e.id FROM endpoints e JOIN orgs o ON o.id = e.org_id WHERE o.path LIKE (SELECT path FROM orgs WHERE id = ${x}) || '%'
         AND NOT e.state_secret AND e.retired_at IS NULL AND e.os_platform = 'windows' AND e.source = 'agent' ORDER BY e.hostname LIMIT 1`,
  );
  if (pc) {
    await queryRows(
      base.db,
      sql`INSERT INTO endpoint_programs (endpoint_id, name, version, publisher) VALUES
            (${String(pc.id)}, '7-Zip 19.00 (x64)', '19.00', 'Igor Pavlov'),
            (${String(pc.id)}, 'WinRAR 6.22 (64-bit)', '6.22.0', 'win.rar GmbH'),
            (${String(pc.id)}, 'Microsoft Office Professional Plus 2016', '16.0.4266.1001', 'Microsoft Corporation')
          ON CONFLICT DO NOTHING`,
    );
  }

  let published = 0;
  for (const a of ADVISORIES) {
    const at = new Date(input.now.getTime() - (a.daysAgo ?? 0) * DAY);
    const ctx = ctxAt(at);
    const id = await insertDraft(ctx, a.body(at));
    if (a.daysAgo === null) continue;
    await publishAdvisory(ctx, id);
    published += 1;
    if (a.daysAgo < 6) continue;
    // Some units have answered: every other affected organisation outside X001 acknowledged, and
    // of those, half of the assets remediated (patched) a few days later.
    const ackAt = new Date(at.getTime() + 1 * DAY);
    const doneAt = new Date(at.getTime() + 5 * DAY);
    await queryRows(
      base.db,
      sql`UPDATE advisory_org_status s SET acknowledged_at = ${ackAt},
                 acknowledged_by = (SELECT ra.user_id FROM role_assignments ra JOIN orgs ro ON ro.id = ra.org_id, orgs o
                                     WHERE o.id = s.org_id AND ra.role = 'security_officer' AND o.path LIKE ro.path || '%' LIMIT 1)
           WHERE s.advisory_id = ${id} AND s.org_id <> ${x}
             AND s.org_id NOT IN (SELECT o.id FROM orgs o WHERE o.path LIKE (SELECT path FROM orgs WHERE id = ${x}) || '%')
             AND abs(hashtext(s.org_id::text)) % 2 = 0`,
    );
    await queryRows(
      base.db,
      sql`UPDATE advisory_targets t SET status = 'acknowledged', acted_at = s.acknowledged_at, acted_by = s.acknowledged_by
            FROM advisory_org_status s WHERE s.advisory_id = t.advisory_id AND s.org_id = t.org_id AND t.advisory_id = ${id} AND s.acknowledged_at IS NOT NULL`,
    );
    await queryRows(
      base.db,
      sql`UPDATE advisory_targets SET status = 'remediated', resolution = 'patched', acted_at = ${doneAt},
                 note = 'Đã cài bản cập nhật bảo mật của hãng.'
           WHERE advisory_id = ${id} AND status = 'acknowledged' AND abs(hashtext(id::text)) % 2 = 0`,
    );
  }
  return published;
}
