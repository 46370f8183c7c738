/**
 * One route table, no exceptions: every route the API serves is a contract of @borderflow/contracts'
 * ROUTES (so the typed client can call it and the docs, validation and client cannot drift), and
 * every contract is served. ApiRouter.route takes a contract and a binding only (no inline form); a
 * route bound to a contract made outside the table fails here.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROUTES } from '@borderflow/contracts';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t?.close());

const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

it('serves every route from the route table, and every route of the table', async () => {
  const doc = (await t.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  // The probes outside /v1 (/healthz, /readyz, /metrics) are documented but are not API routes.
  const served = Object.entries(doc.paths).filter(([path]) => path.startsWith('/v1/')).flatMap(([path, ops]) =>
    Object.keys(ops).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => `${m.toUpperCase()} ${path}`));
  const inTable = new Set(Object.values(ROUTES).map((r) => `${r.method.toUpperCase()} ${openApiPath(r.path)}`));
  expect(served.length).toBeGreaterThan(0);
  // A route served but missing from ROUTES: declared outside the table.
  expect(served.filter((op) => !inTable.has(op)).sort()).toEqual([]);
  // A contract nobody serves.
  expect([...inTable].filter((op) => !served.includes(op))).toEqual([]);
});
