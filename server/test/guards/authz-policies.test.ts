/**
 * The role × action table, spelled out: a change to policies.ts needs a change here (STYLE.md §4).
 * And the scope predicates: subtrees, siblings, empty grants and tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { ROLES, type Role } from '@shared/domain/roles';
import { ACTIONS, POLICY, abilities, grantRoots, holdsAnywhere, holdsOn, roleCan, type Action } from '../../authz/policies';
import { assertInScope, authorize, can, inScope, pathInScope } from '../../authz/scope';
import type { Principal } from '../../authz/principal';
import { systemCtx, type Ctx } from '../../http/context';
import { orgs, users, type OrgRow } from '../../db/schema';
import { createTestEnv, type TestEnv } from '../harness';
import { makeCommune, makeOrg, makeProvince, makeUser } from '../factories';

const Y = true;
const N = false;
/**
 * Columns in ACTIONS order: org.read, org.manage, org.designate_officer, user.read, user.manage,
 * audit.read, token.manage | system.read, system.manage, legal.manage | dossier.read, dossier.prepare,
 * dossier.submit, dossier.appraise, dossier.approve | endpoint.read, endpoint.manage, endpoint.enroll,
 * endpoint.query, endpoint.configure | assessment.read, assessment.perform, inspection.record | soc.read,
 * soc.manage, alert.ingest, alert.read, alert.triage | advisory.read, advisory.publish, advisory.respond |
 * incident.read, incident.report, incident.respond, incident.share.
 */
const EXPECTED: Record<Role, readonly boolean[]> = {
  admin: /*                */ [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, N, N, N, N, Y, Y, Y, Y, Y, Y, N, N, Y, Y, N, N, N, Y, N, N, Y, N, N, N],
  authority_appraiser: /*  */ [Y, N, N, Y, N, N, N, Y, N, N, Y, N, N, Y, N, Y, N, N, N, N, Y, N, Y, Y, N, N, N, N, Y, N, N, Y, N, N, N],
  authority_approver: /*   */ [Y, N, N, Y, N, N, N, Y, N, N, Y, N, N, N, Y, Y, N, N, N, N, Y, N, N, Y, N, N, N, N, Y, N, N, Y, N, N, N],
  soc_analyst: /*          */ [Y, N, N, Y, N, N, N, Y, N, N, Y, N, N, N, N, Y, N, N, Y, N, Y, N, N, Y, Y, N, Y, Y, Y, Y, N, Y, Y, Y, Y],
  incident_responder: /*   */ [Y, N, N, Y, N, N, N, Y, N, N, Y, N, N, N, N, Y, N, N, Y, N, Y, N, N, Y, N, N, Y, Y, Y, Y, N, Y, Y, Y, Y],
  security_officer: /*     */ [Y, N, N, Y, N, N, N, Y, Y, N, Y, Y, N, N, N, Y, Y, Y, N, N, Y, Y, N, Y, Y, N, Y, N, Y, N, Y, Y, Y, N, N],
  org_head: /*             */ [Y, N, Y, Y, N, Y, N, Y, Y, N, Y, Y, Y, N, N, Y, Y, N, N, N, Y, Y, N, Y, N, N, N, N, Y, N, Y, Y, Y, N, N],
  leadership: /*           */ [Y, N, N, Y, N, Y, N, Y, N, N, Y, N, N, N, N, Y, N, N, N, N, Y, N, N, Y, N, N, N, N, Y, N, N, Y, N, N, N],
  viewer: /*               */ [Y, N, N, N, N, N, N, Y, N, N, Y, N, N, N, N, Y, N, N, N, N, Y, N, N, Y, N, N, N, N, Y, N, N, Y, N, N, N],
};

function user(assignments: { role: Role; orgPath: string }[]): Principal {
  return {
    kind: 'user',
    userId: 'u',
    username: 'u',
    fullName: 'U',
    orgId: 'o',
    sessionId: null,
    assignments: assignments.map((a, i) => ({ id: `a${i}`, role: a.role, orgId: `o${i}`, orgPath: a.orgPath, orgName: 'x', orgCode: 'x' })),
  };
}

describe('policy table', () => {
  it('lists the actions the expected table has columns for', () => {
    expect([...ACTIONS]).toEqual([
      'org.read',
      'org.manage',
      'org.designate_officer',
      'user.read',
      'user.manage',
      'audit.read',
      'token.manage',
      'system.read',
      'system.manage',
      'legal.manage',
      'dossier.read',
      'dossier.prepare',
      'dossier.submit',
      'dossier.appraise',
      'dossier.approve',
      'endpoint.read',
      'endpoint.manage',
      'endpoint.enroll',
      'endpoint.query',
      'endpoint.configure',
      'assessment.read',
      'assessment.perform',
      'inspection.record',
      'soc.read',
      'soc.manage',
      'alert.ingest',
      'alert.read',
      'alert.triage',
      'advisory.read',
      'advisory.publish',
      'advisory.respond',
      'incident.read',
      'incident.report',
      'incident.respond',
      'incident.share',
    ]);
    expect(Object.keys(POLICY).sort()).toEqual([...ROLES].sort());
    expect(Object.keys(EXPECTED).sort()).toEqual([...ROLES].sort());
  });

  for (const role of ROLES) {
    for (const [i, action] of ACTIONS.entries()) {
      const expected = EXPECTED[role][i];
      it(`${expected ? 'grants' : 'refuses'} ${action} to ${role}`, () => {
        expect(roleCan(role, action)).toBe(expected);
        expect(holdsAnywhere(user([{ role, orgPath: '/p/a/' }]), action)).toBe(expected);
      });
    }
  }

  it('sends the web app a can-map equal to the table', () => {
    for (const role of ROLES) {
      const can = abilities(user([{ role, orgPath: '/p/' }]));
      expect(ACTIONS.map((a) => can[a])).toEqual([...EXPECTED[role]]);
    }
  });
});

describe('holdsOn and subtrees', () => {
  const officerOfA = user([{ role: 'admin', orgPath: '/p/a/' }]);
  const cases: [string, string, boolean][] = [
    ['its own commune', '/p/a/', true],
    ["the commune's child unit", '/p/a/u/', true],
    ['a grandchild', '/p/a/u/v/', true],
    ['a sibling commune', '/p/b/', false],
    ["a sibling's child", '/p/b/u/', false],
    ['a sibling whose id begins with the same characters', '/p/ab/', false],
    ['the province above it', '/p/', false],
  ];
  for (const [name, path, expected] of cases) {
    it(`${expected ? 'reaches' : 'does not reach'} ${name}`, () => {
      expect(holdsOn(officerOfA, 'org.manage', path)).toBe(expected);
    });
  }

  it('adds up several assignments, each on its own subtree and with its own actions', () => {
    const p = user([
      { role: 'viewer', orgPath: '/p/a/' },
      { role: 'org_head', orgPath: '/p/b/' },
    ]);
    expect(holdsOn(p, 'org.read', '/p/a/x/')).toBe(true);
    expect(holdsOn(p, 'audit.read', '/p/a/')).toBe(false);
    expect(holdsOn(p, 'audit.read', '/p/b/x/')).toBe(true);
    expect(grantRoots(p, 'org.read').sort()).toEqual(['/p/a/', '/p/b/']);
  });

  it('holds nothing without assignments', () => {
    const p = user([]);
    for (const a of ACTIONS) expect(holdsAnywhere(p, a)).toBe(false);
  });
});

describe('token principals', () => {
  const token: Principal = { kind: 'token', tokenId: 't', name: 'client', orgId: 'a', orgPath: '/p/a/', actions: ['org.read', 'audit.read'] };
  for (const action of ACTIONS) {
    const listed = action === 'org.read' || action === 'audit.read';
    it(`${listed ? 'holds' : 'does not hold'} ${action} on its organisation's subtree`, () => {
      expect(holdsOn(token, action, '/p/a/u/')).toBe(listed);
      expect(holdsOn(token, action, '/p/b/')).toBe(false);
      expect(holdsAnywhere(token, action)).toBe(listed);
    });
  }
});

describe('scope predicates on the database', () => {
  let env: TestEnv;
  let province: OrgRow;
  let communeA: OrgRow;
  let communeB: OrgRow;
  let unitA: OrgRow;

  beforeAll(async () => {
    env = await createTestEnv({ startJobs: false });
    const db = env.database.db;
    province = await makeProvince(db);
    communeA = await makeCommune(db, province);
    communeB = await makeCommune(db, province);
    unitA = await makeOrg(db, communeA, 'unit');
    await makeOrg(db, communeB, 'unit');
    await makeUser(db, { org: communeA });
    await makeUser(db, { org: unitA });
    await makeUser(db, { org: communeB });
  });
  afterAll(() => env?.close());

  function ctxOf(principal: Principal | null): Ctx {
    const base = systemCtx(
      { db: env.database.db, database: env.database, config: env.config, jobs: env.jobs, clock: () => new Date(), log: env.app.log },
      'authz-policies-test',
    );
    return { ...base, principal };
  }

  async function visibleOrgs(ctx: Ctx, action: Action): Promise<string[]> {
    const rows = await ctx.db
      .select({ id: orgs.id })
      .from(orgs)
      .where(and(sql`${orgs.path} LIKE ${`${province.path}%`}`, pathInScope(ctx, action, orgs.path)));
    return rows.map((r) => r.id).sort();
  }

  async function visibleUserOrgs(ctx: Ctx, action: Action): Promise<string[]> {
    const rows = await ctx.db
      .select({ orgId: users.orgId })
      .from(users)
      .innerJoin(orgs, eq(orgs.id, users.orgId))
      .where(and(sql`${orgs.path} LIKE ${`${province.path}%`}`, inScope(ctx, action, users.orgId)));
    return [...new Set(rows.map((r) => r.orgId))].sort();
  }

  it("shows a commune's role its commune and child unit, not the sibling or the province", async () => {
    const ctx = ctxOf(user([{ role: 'org_head', orgPath: communeA.path }]));
    expect(await visibleOrgs(ctx, 'org.read')).toEqual([communeA.id, unitA.id].sort());
    expect(await visibleUserOrgs(ctx, 'user.read')).toEqual([communeA.id, unitA.id].sort());
  });

  it('matches no row, not every row, for an action the principal holds nowhere', async () => {
    const ctx = ctxOf(user([{ role: 'viewer', orgPath: communeA.path }]));
    const dialect = new PgDialect();
    expect(dialect.sqlToQuery(inScope(ctx, 'user.read', users.orgId)).sql).toBe('false');
    expect(dialect.sqlToQuery(pathInScope(ctx, 'org.manage', orgs.path)).sql).toBe('false');
    expect(await visibleUserOrgs(ctx, 'user.read')).toEqual([]);
    expect(await visibleOrgs(ctx, 'org.manage')).toEqual([]);
    const none = ctxOf(user([]));
    expect(await visibleOrgs(none, 'org.read')).toEqual([]);
  });

  it('refuses to build a predicate without a principal', () => {
    const ctx = ctxOf(null);
    expect(() => inScope(ctx, 'org.read', orgs.id)).toThrow();
    expect(() => pathInScope(ctx, 'org.read', orgs.path)).toThrow();
  });

  it('scopes a token to its organisation and its listed actions', async () => {
    const ctx = ctxOf({ kind: 'token', tokenId: 't', name: 'c', orgId: communeB.id, orgPath: communeB.path, actions: ['org.read'] });
    const seen = await visibleOrgs(ctx, 'org.read');
    expect(seen).toContain(communeB.id);
    expect(seen).not.toContain(communeA.id);
    expect(await visibleUserOrgs(ctx, 'user.read')).toEqual([]);
  });

  it('answers not_found for an invisible organisation and forbidden for a visible one without the action', () => {
    const ctx = ctxOf(user([{ role: 'viewer', orgPath: communeA.path }]));
    expect(() => assertInScope(ctx, 'org.read', undefined)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => authorize(ctx, 'org.manage', { orgPath: unitA.path })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => authorize(ctx, 'org.read', { orgPath: communeB.path })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(can(ctx, 'org.read', { orgPath: unitA.path })).toBe(true);
    expect(can(ctxOf(null), 'org.read', { orgPath: unitA.path })).toBe(false);
  });
});
