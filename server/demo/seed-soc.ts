/**
 * Demo SOC coverage and alerts (issue #5): the directive's figure — 20 important information systems,
 * 13 of them connected to a SOC and monitored — with two connections in progress, one connected
 * system whose feed has gone quiet, four not connected; source identifiers (Wazuh agent names and
 * addresses) on every connection; a few hundred Wazuh alerts of the last week across several units,
 * the older ones already triaged by the police SOC analyst.
 */
import { inArray } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { normaliseWazuhAlert } from '@shared/domain/alerts';
import type { SocCenterKind, SocConnectionStatus } from '@shared/domain/alerts';
import type { Db } from '../db/connect';
import { alerts, informationSystems, socConnections } from '../db/schema';
import { dedupKey } from '../modules/soc/alert-writer';
import { sampleAlert, type SampleAgent, type SampleKind } from '../modules/soc/wazuh-samples';
import { prng, type DemoSystem } from './seed';

export const DEMO_IMPORTANT_SYSTEMS = 20;
export const DEMO_MONITORED_SYSTEMS = 13;

/** Systems the province also counts as important, after the platforms already marked so. */
const ALSO_IMPORTANT = ['SGDDT-CSDL', 'TQ-THUDT', 'TQ-IOC', 'TTPVHCC-MC'];

/** Connection plan by rank among the important systems (platforms first): 13 monitored, 1 quiet, 2 in progress, 4 not connected. */
function planOf(rank: number): { status: SocConnectionStatus; quiet: boolean } {
  if (rank < DEMO_MONITORED_SYSTEMS) return { status: 'connected', quiet: false };
  if (rank === DEMO_MONITORED_SYSTEMS) return { status: 'connected', quiet: true };
  if (rank < DEMO_MONITORED_SYSTEMS + 3) return { status: 'in_progress', quiet: false };
  return { status: 'not_connected', quiet: false };
}

export interface SeedSocResult {
  important: number;
  connected: number;
  monitored: number;
  alerts: number;
}

export async function seedSoc(
  db: Db,
  input: { systems: readonly DemoSystem[]; systemId: (code: string) => string; orgId: (code: string) => string; now: Date; analystId: string },
): Promise<SeedSocResult> {
  const r = prng(0x534f_4321); // "SOC!"
  const { now } = input;
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

  // Twenty important systems: those marked in the registry, the ones above, then department portals.
  const important: DemoSystem[] = input.systems.filter((s) => s.isImportant);
  const extra = [
    ...ALSO_IMPORTANT.flatMap((code) => input.systems.filter((s) => s.code === code && !s.isImportant)),
    ...input.systems.filter((s) => !s.isImportant && !ALSO_IMPORTANT.includes(s.code) && /^S[A-Z]+-HT01$/.test(s.code)).sort((a, b) => a.code.localeCompare(b.code)),
  ];
  for (const s of extra) {
    if (important.length >= DEMO_IMPORTANT_SYSTEMS) break;
    important.push(s);
  }
  const newlyImportant = important.filter((s) => !s.isImportant).map((s) => input.systemId(s.code));
  if (newlyImportant.length > 0) await db.update(informationSystems).set({ isImportant: true }).where(inArray(informationSystems.id, newlyImportant));

  const agentsOf = new Map<string, SampleAgent[]>();
  const connections = important.map((s, rank) => {
    const plan = planOf(rank);
    const slug = s.code.toLowerCase();
    const net = 10 + rank;
    const agents: SampleAgent[] = [
      { id: String(rank * 2 + 1).padStart(3, '0'), name: `${slug}-app01`, ip: `10.10.${net}.11` },
      { id: String(rank * 2 + 2).padStart(3, '0'), name: `${slug}-db01`, ip: `10.10.${net}.12` },
    ];
    agentsOf.set(s.code, agents);
    const centerKind: SocCenterKind = rank < 2 ? 'national_ncsc' : s.code.startsWith('SYT') ? 'other' : 'provincial';
    const centerName =
      centerKind === 'national_ncsc'
        ? 'Trung tâm Giám sát an toàn không gian mạng quốc gia (NCSC)'
        : centerKind === 'other'
          ? 'SOC của nhà cung cấp dịch vụ (VNPT)'
          : 'Trung tâm giám sát an toàn thông tin tỉnh (Công an tỉnh)';
    const lastEventAt = plan.status !== 'connected' ? null : plan.quiet ? hoursAgo(72 + r.int(24)) : hoursAgo(r.next() * 2);
    return {
      systemId: input.systemId(s.code),
      orgId: input.orgId(s.org),
      status: plan.status,
      centerKind: plan.status === 'not_connected' ? null : centerKind,
      centerName: plan.status === 'not_connected' ? null : centerName,
      provider: plan.status === 'not_connected' ? null : centerKind === 'other' ? 'VNPT' : 'Viettel Cyber Security',
      connectedOn: plan.status === 'connected' ? new Date(now.getTime() - (60 + r.int(600)) * 86_400_000).toISOString().slice(0, 10) : null,
      sourceIdentifiers: plan.status === 'not_connected' ? [] : agents.flatMap((a) => [a.name, a.ip]),
      logRetentionDays: plan.status === 'connected' ? r.pick([90, 180, 365]) : null,
      lastEventAt,
      note: plan.status === 'in_progress' ? 'Đã cài tác tử Wazuh, đang mở kết nối qua tường lửa tới SOC.' : null,
      updatedBy: input.analystId,
      updatedAt: hoursAgo(24 * (3 + r.int(30))),
    };
  });
  await db.insert(socConnections).values(connections);

  // Alerts of the last seven days from the connected systems (the quiet one only before it fell silent).
  const KINDS: (readonly [SampleKind, number])[] = [
    ['sshd_bruteforce', 5],
    ['web_attack', 4],
    ['windows_logon_failure', 3],
    ['syscheck', 2],
    ['sudo', 3],
    ['rootcheck', 1],
  ];
  const attackers = ['203.0.113.45', '198.51.100.23', '192.0.2.77', '45.146.164.110', '103.251.167.20', '185.220.101.4'];
  const rows: (typeof alerts.$inferInsert)[] = [];
  const seen = new Set<string>();
  connections.forEach((c, rank) => {
    if (c.status !== 'connected') return;
    const system = important[rank];
    if (!system) return;
    const agents = agentsOf.get(system.code) ?? [];
    const quiet = planOf(rank).quiet;
    const count = 12 + r.int(30);
    for (let i = 0; i < count; i += 1) {
      const agent = r.pick(agents);
      const minAge = quiet && c.lastEventAt ? (now.getTime() - c.lastEventAt.getTime()) / 3_600_000 : 0.05;
      const age = minAge + r.next() * (168 - minAge);
      const at = hoursAgo(age);
      const kind = r.weighted(KINDS);
      const raw = sampleAlert(kind, agent, at, { attacker: r.pick(attackers), salt: rank * 1000 + i, manager: 'wazuh-manager-tq' });
      const n = normaliseWazuhAlert(raw, now);
      if (!n.ok) continue;
      const a = n.alert;
      const key = dedupKey(a);
      if (seen.has(key)) continue;
      seen.add(key);
      // Older alerts have been looked at by the SOC analyst; the last day's wait in the queue.
      const triaged = age > 24 && r.next() < 0.8;
      const status = triaged ? (r.next() < 0.15 ? 'false_positive' : 'acknowledged') : 'new';
      rows.push({
        id: uuidv7(),
        orgId: c.orgId,
        systemId: c.systemId,
        source: 'wazuh',
        sourceRef: a.sourceRef,
        dedupKey: key,
        occurredAt: a.occurredAt,
        receivedAt: new Date(a.occurredAt.getTime() + 2000 + r.int(20_000)),
        ruleId: a.ruleId,
        ruleName: a.ruleName,
        ruleGroups: a.ruleGroups,
        severity: a.severity,
        sourceSeverity: a.sourceSeverity,
        host: a.host,
        hostIp: a.hostIp,
        srcIp: a.srcIp,
        srcPort: a.srcPort,
        dstIp: a.dstIp,
        dstPort: a.dstPort,
        status,
        triagedBy: triaged ? input.analystId : null,
        triagedAt: triaged ? new Date(a.occurredAt.getTime() + (1 + r.int(20)) * 3_600_000) : null,
        triageNote: status === 'false_positive' ? 'Quản trị viên đăng nhập sai mật khẩu, không phải tấn công.' : triaged && r.next() < 0.3 ? 'Đã chặn địa chỉ nguồn trên tường lửa.' : null,
        raw,
      });
    }
  });
  for (let i = 0; i < rows.length; i += 200) await db.insert(alerts).values(rows.slice(i, i + 200));

  const connected = connections.filter((c) => c.status === 'connected').length;
  return { important: important.length, connected, monitored: connected - 1, alerts: rows.length };
}
