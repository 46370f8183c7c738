import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@borderflow/db';
import { startTestApi, testApiContext, type TestApi } from '../testing/test-api.ts';
import { createApp } from '../create-app.ts';

let t: TestApi;
const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  await t?.close();
});

describe('/readyz', () => {
  it('says degraded (200) when PostgreSQL is unreachable but Redis, and so the gate, still runs', async () => {
    t = await startTestApi();
    expect((await t.call('GET', '/readyz')).body).toMatchObject({ status: 'ready' });
    // An API process whose database went away (never migrated: it only has to have existed).
    const gone = await openTestDatabase({ migrate: false });
    await gone.close();
    const ctx = testApiContext(t, { db: gone.prisma });
    const server = createServer(createApp(ctx, { staticDir: null, redisPrefix: t.prefix }));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; checks: Array<{ name: string; ok: boolean }> };
    expect(body.status).toBe('degraded');
    expect(body.checks.map((c) => [c.name, c.ok])).toEqual([['redis', true], ['database', false]]);
  }, 90_000);
});
