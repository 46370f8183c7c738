/**
 * Call-up deadlines live in Redis, not in a process: a deadline set before
 * both the ticking process and Redis itself restart still fires afterwards.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { DEFAULT_POLICY } from '@borderflow/contracts';
import { startRedisServer } from '@borderflow/testkit';
import { GateScheduler } from './gate-scheduler.ts';
import { startGateTimers } from './gate-timers.ts';
import { KIM_THANH_LANES } from './kim-thanh-lanes.ts';

it('a call-up deadline survives a restart of the timer process and of Redis (AOF)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bf-timers-'));
  let server = await startRedisServer({ dir, appendonly: true, args: ['--appendfsync', 'always'] });
  let redis = new Redis(server.url);
  let s = new GateScheduler({ redis, gate: 'KT', prefix: 'bf:' });
  const policy = { ...DEFAULT_POLICY, callUpTimeoutMs: 1500 };
  await s.configure(KIM_THANH_LANES, policy, { actor: 'test' });
  const timers = startGateTimers([s], { intervalMs: 100 });
  await timers.stop(); // the process that ticks goes away before the deadline
  const r = await s.checkIn({ tripId: 'a', plate: '24C12345', direction: 'exit', priorityClass: 'ordinary', stages: ['gate'], actor: 'test' });
  expect(r.ok && r.trip?.state).toBe('called');
  await redis.quit();
  await server.stop();

  server = await startRedisServer({ dir, appendonly: true, port: server.port });
  redis = new Redis(server.url);
  s = new GateScheduler({ redis, gate: 'KT', prefix: 'bf:' });
  expect((await s.tripStatus('a'))?.trip.state).toBe('called');
  const again = startGateTimers([s], { intervalMs: 100 });
  try {
    await expect.poll(async () => (await s.tripStatus('a'))?.trip.noShows, { timeout: 5000, interval: 100 }).toBe(1);
    const noShow = (await s.readEvents()).filter((e) => e.type === 'trip_no_show');
    expect(noShow).toHaveLength(1);
    expect(noShow[0]!.actor).toBe('system:timer');
  } finally {
    await again.stop();
    await redis.quit();
    await server.stop();
  }
});
