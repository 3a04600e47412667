/**
 * Deterministic demo province. Minimal for now (the full generator follows): a province, a few
 * departments and communes with their service centers, and one user per role.
 */
import { count, sql } from 'drizzle-orm';
import { v5 as uuidv5 } from 'uuid';
import type { Db } from '../db/connect';
import { orgs, roleAssignments, users } from '../db/schema';
import type { OrgKind } from '@shared/domain/orgs';
import type { Role } from '@shared/domain/roles';
import { hashPassword } from '../modules/auth/passwords';

const NS = 'b7f3c1c2-5a1e-4f7e-9a55-6b0c9f0e7a11';
const idOf = (key: string) => uuidv5(key, NS);

export const DEMO_PASSWORD = 'Khien@2026';
export const DEMO_ACCOUNTS: { username: string; role: Role; org: string; fullName: string; description: string }[] = [
  { username: 'admin', role: 'admin', org: 'TQ', fullName: 'Nguyễn Văn Quản', description: 'Quản trị hệ thống / administrator' },
  { username: 'pa05.thamdinh', role: 'authority_appraiser', org: 'CAT', fullName: 'Trần Thị Thẩm', description: 'Công an tỉnh — thẩm định / police appraiser' },
  { username: 'lanhdao', role: 'leadership', org: 'TQ', fullName: 'Lê Văn Lãnh', description: 'Lãnh đạo UBND tỉnh / provincial leadership' },
  { username: 'skhcn.attt', role: 'security_officer', org: 'SKHCN', fullName: 'Phạm Minh An', description: 'Cán bộ ATTT Sở KH&CN / department security officer' },
  { username: 'xa.attt', role: 'security_officer', org: 'X001', fullName: 'Hoàng Thị Xuân', description: 'Cán bộ ATTT xã / commune security officer' },
  { username: 'xa.truong', role: 'org_head', org: 'X001', fullName: 'Đỗ Văn Trưởng', description: 'Chủ tịch UBND xã / commune head' },
];

export async function isEmpty(db: Db): Promise<boolean> {
  const [r] = await db.select({ n: count() }).from(orgs);
  return (r?.n ?? 0) === 0;
}

interface OrgSeed { code: string; name: string; kind: OrgKind; parent: string | null; adminUnitKind?: 'commune' | 'ward' }

export async function seedDemo(db: Db): Promise<void> {
  const list: OrgSeed[] = [
    { code: 'TQ', name: 'UBND tỉnh Tuyên Quang', kind: 'province', parent: null },
    { code: 'CAT', name: 'Công an tỉnh', kind: 'police', parent: 'TQ' },
    { code: 'SKHCN', name: 'Sở Khoa học và Công nghệ', kind: 'department', parent: 'TQ' },
    { code: 'STC', name: 'Sở Tài chính', kind: 'department', parent: 'TQ' },
    { code: 'X001', name: 'UBND xã Yên Sơn', kind: 'commune', parent: 'TQ', adminUnitKind: 'commune' },
    { code: 'X001-TTPVHCC', name: 'Trung tâm Phục vụ hành chính công xã Yên Sơn', kind: 'service_center', parent: 'X001' },
    { code: 'P002', name: 'UBND phường Minh Xuân', kind: 'commune', parent: 'TQ', adminUnitKind: 'ward' },
    { code: 'P002-TTPVHCC', name: 'Trung tâm Phục vụ hành chính công phường Minh Xuân', kind: 'service_center', parent: 'P002' },
  ];
  const byCode = new Map<string, { id: string; path: string; depth: number }>();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    for (const o of list) {
      const id = idOf(`org:${o.code}`);
      const parent = o.parent ? byCode.get(o.parent) : undefined;
      const path = `${parent?.path ?? '/'}${id}/`;
      const depth = parent ? parent.depth + 1 : 0;
      byCode.set(o.code, { id, path, depth });
      await tx.insert(orgs).values({ id, code: o.code, name: o.name, kind: o.kind, adminUnitKind: o.adminUnitKind ?? null, parentId: parent?.id ?? null, path, depth });
    }
    for (const a of DEMO_ACCOUNTS) {
      const org = byCode.get(a.org);
      if (!org) continue;
      const id = idOf(`user:${a.username}`);
      await tx.insert(users).values({ id, orgId: org.id, username: a.username, fullName: a.fullName, passwordHash, email: `${a.username}@demo.khien.local` });
      // Leadership and the police see the province; others their own unit.
      const scopeOrg = a.role === 'leadership' || a.role === 'admin' || a.role.startsWith('authority') ? byCode.get('TQ') : org;
      await tx.insert(roleAssignments).values({ id: idOf(`ra:${a.username}`), userId: id, role: a.role, orgId: scopeOrg?.id ?? org.id });
    }
    await tx.execute(sql`SELECT 1`);
  });
}
