/**
 * `@borderflow/scheduler/testing`: raw access for tests and benchmarks that must look at (or
 * damage) the Redis keys themselves. Production code uses GateScheduler's operations.
 */
import { DEFAULT_POLICY } from '@borderflow/contracts';
import type { Redis } from 'ioredis';
import { GateScheduler } from './gate-scheduler.ts';
import type { GateKeys } from './gate-keys.ts';
import { KIM_THANH_LANES } from './kim-thanh-lanes.ts';
import type { CommandResult } from './types.ts';

/**
 * The gate's key layout behind a scheduler.
 * @example expect(await redis.sismember(gateKeysOf(kt).live, tripId)).toBe(1);
 */
export function gateKeysOf(scheduler: GateScheduler): GateKeys {
  // Bracket access reaches the private field on purpose: this module is the one sanctioned way in.
  return scheduler['keys'];
}
export { GateKeys } from './gate-keys.ts';

/**
 * The Kim Thành gate's scheduler on a test's own key prefix: the seed's lanes, the default policy.
 * @example const s = await kimThanhScheduler(t, T0);
 */
export async function kimThanhScheduler(t: { redis: Redis; prefix: string }, now: number): Promise<GateScheduler> {
  const s = new GateScheduler({ redis: t.redis, gate: 'KT', prefix: t.prefix });
  await s.configure(KIM_THANH_LANES, DEFAULT_POLICY, { actor: 'test', now });
  return s;
}

/** A command that must have been accepted; a refusal fails the test with its code and message. */
export function accepted<R extends CommandResult>(r: R): R & { ok: true } {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r as R & { ok: true };
}
