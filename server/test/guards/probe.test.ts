import { it } from 'vitest';
import { openTestDatabase, testConfig } from '../harness';
import { buildApp } from '../../app';
import { createJobs } from '../../jobs/queue';
import { makeProvince, makeUser } from '../factories';
import { loginFrom } from './inventory';
it('probe', async () => {
  const database = await openTestDatabase();
  const app = await buildApp({ config: testConfig(), database, jobs: createJobs(database, {}), logger: { level: 'error', stream: { write: (s: string) => console.log('LOG', s.slice(0, 600)) } } });
  const env = { app, database, close: () => app.close() };
  const p = await makeProvince(env.database.db);
  const a = await loginFrom(env.app, await makeUser(env.database.db, { org: p, role: 'admin' }));
  const errs: unknown[] = [];
  for (const [ct, body] of [['multipart/form-data; boundary=x', '"x"'], ['multipart/form-data; boundary=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', '1'], ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc'], ['multipart/form-data; boundary=x', '--x\r\nbad header\r\n\r\nabc\r\n--x--']]) {
    const r = await env.app.inject({ method: 'POST', url: '/api/orgs/import/', headers: { ...a.headers, 'content-type': ct }, payload: body });
    console.log(ct, JSON.stringify(body), r.statusCode, r.body.slice(0, 150));
  }
  console.log(errs.map((e) => e instanceof Error ? `${e.constructor.name} ${(e as {code?:string}).code} ${e.message}` : String(e)));
  await env.close();
});
