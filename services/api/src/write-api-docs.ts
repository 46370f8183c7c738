/**
 * Writes the API's OpenAPI and AsyncAPI documents to files without the platform: the app is
 * built over a context that never connects (no Redis, no database; no handler runs), served
 * once on a loopback port, and asked for /openapi.json and /asyncapi.json. Used by
 * `npm run lint:openapi` (redocly lint) and for publishing the documents.
 *
 *   tsx services/api/src/write-api-docs.ts <dir>   → <dir>/openapi.json, <dir>/asyncapi.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import pino from 'pino';
import { createApp } from './create-app.ts';
import type { ApiContext } from './context.ts';
import { createMetrics } from './metrics.ts';

const dir = process.argv[2] ?? '.data/api-docs';
// lazyConnect: nothing is sent unless a handler runs, and none does.
const redis = new Redis({ lazyConnect: true, enableOfflineQueue: false });
const ctx = {
  db: {},
  redis,
  schedulers: new Map(),
  auth: { jwtSecret: new TextEncoder().encode('docs-only-secret-never-used-for-tokens') },
  revocations: {},
  prefix: 'docs:',
  logger: pino({ level: 'silent' }),
  metrics: createMetrics(),
} as unknown as ApiContext;
const app = createApp(ctx, { requestRateLimit: false, metrics: { token: 'docs', port: null, host: '127.0.0.1' } });
const server = app.listen(0, '127.0.0.1');
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
try {
  mkdirSync(dir, { recursive: true });
  for (const name of ['openapi.json', 'asyncapi.json']) {
    const res = await fetch(`${base}/${name}`);
    if (!res.ok) throw new Error(`/${name}: HTTP ${res.status}`);
    writeFileSync(join(dir, name), `${JSON.stringify(await res.json(), null, 2)}\n`);
    console.log(`wrote ${join(dir, name)}`);
  }
} finally {
  server.close();
  redis.disconnect();
}
