/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * While a gate is fenced (its Redis state is being rebuilt after the event seq went
 * backwards), a command gets 503 with Retry-After and a clear code, not a 5xx crash or a
 * silent success; the same request succeeds once the fence is lifted. Real server, Redis, database.
 */
import { beforeAll, expect, it } from 'vitest';
import { useTestApi } from '../testing/use-test-api.ts';

const t = useTestApi();
let operator: string;
beforeAll(async () => {
  [operator] = await t.tokens('operator1');
});

it('answers 503 with Retry-After while the gate rebuilds, and takes the same command afterwards', async () => {
  const scheduler = t.platform.schedulers.get('KT')!;
  const token = await scheduler.fence();
  const body = { reason: 'shift change', commandId: 'pause-x1-rebuild-test' };
  const refused = await t.call('POST', '/v1/gates/KT/lanes/KT-X1/pause', { token: operator, body });
  expect(refused.status, JSON.stringify(refused.body)).toBe(503);
  expect(refused.headers.get('retry-after')).toBe('2');
  expect(refused.body.error).toMatchObject({ code: 'UNAVAILABLE', field: null });
  expect(refused.body.error.message).toMatch(/rebuilding/);
  expect(JSON.stringify(refused.body)).not.toMatch(/\.ts|\.lua|at .*\(/);
  const lanes = await t.call('GET', '/v1/gates/KT/lanes', { token: operator });
  expect(lanes.body.lanes.find((l: any) => l.id === 'KT-X1').status).toBe('open');

  await scheduler.unfence(token);
  const accepted = await t.call('POST', '/v1/gates/KT/lanes/KT-X1/pause', { token: operator, body });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  const after = await t.call('GET', '/v1/gates/KT/lanes', { token: operator });
  expect(after.body.lanes.find((l: any) => l.id === 'KT-X1').status).toBe('paused');
});
