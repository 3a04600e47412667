import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/connect';
import { centralAvProducts, endpointAvProducts, endpoints } from '../../db/schema';
import { openTestDatabase } from '../../test/harness';
import { makeProvince } from '../../test/factories';
import { refreshProtection } from './protection';

let database: Database;
let orgId: string;
beforeAll(async () => {
  database = await openTestDatabase();
  orgId = (await makeProvince(database.db)).id;
  await database.db.insert(centralAvProducts).values({ id: uuidv7(), pattern: 'Kaspersky Endpoint' });
});
afterAll(() => database?.close());

async function machine(products: { name: string; enabled: boolean | null; upToDate: boolean | null }[]) {
  const id = uuidv7();
  await database.db.insert(endpoints).values({ id, orgId, hostname: `PC-${id.slice(-6)}`, source: 'manual' });
  if (products.length > 0) {
    await database.db.insert(endpointAvProducts).values(products.map((p) => ({ endpointId: id, ...p, source: 'manual' as const, reportedAt: new Date() })));
  }
  return id;
}

async function flags(id: string) {
  const [row] = await database.db.select().from(endpoints).where(eq(endpoints.id, id));
  return { any: row?.hasAnyAv, central: row?.hasCentralAv, upToDate: row?.avUpToDate };
}

describe('refreshProtection', () => {
  it('derives any / central / up-to-date from the products and the central list', async () => {
    const none = await machine([]);
    const central = await machine([{ name: 'KASPERSKY ENDPOINT Security 12', enabled: true, upToDate: true }]);
    const disabledCentral = await machine([{ name: 'Kaspersky Endpoint Security', enabled: false, upToDate: true }]);
    const otherStale = await machine([{ name: 'Windows Defender', enabled: null, upToDate: false }]);
    const mixed = await machine([
      { name: 'Kaspersky Endpoint Security', enabled: true, upToDate: true },
      { name: 'BKAV Pro', enabled: true, upToDate: null },
    ]);
    await refreshProtection(database.db, [none, central, disabledCentral, otherStale, mixed]);
    expect(await flags(none)).toEqual({ any: false, central: false, upToDate: null });
    expect(await flags(central)).toEqual({ any: true, central: true, upToDate: true });
    expect(await flags(disabledCentral)).toEqual({ any: false, central: false, upToDate: null });
    expect(await flags(otherStale)).toEqual({ any: true, central: false, upToDate: false });
    expect(await flags(mixed)).toEqual({ any: true, central: true, upToDate: null });
  });

  it('re-derives every machine when the central list changes', async () => {
    const bkav = await machine([{ name: 'BKAV Endpoint', enabled: true, upToDate: true }]);
    await refreshProtection(database.db, [bkav]);
    expect((await flags(bkav)).central).toBe(false);
    await database.db.insert(centralAvProducts).values({ id: uuidv7(), pattern: 'bkav endpoint' });
    await refreshProtection(database.db);
    expect((await flags(bkav)).central).toBe(true);
  });
});
