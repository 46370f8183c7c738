/** Capacity plans for booking tests: the same ordinary slots every hour of every day, nothing else. */
import { expect } from 'vitest';
import type { CapacityPlan } from '@borderflow/contracts';
import { startTestApi, type TestApi } from './test-api.ts';

/** Slots an hour of each class in one direction. */
export interface HourSlots {
  ordinary: number;
  perishable?: number;
  emptyReturn?: number;
}

/**
 * A plan of `ordinary` ordinary slots an hour (or the given classes) in each direction, every hour of every day,
 * so the tests do not depend on the hour they run at; `entry` differs from exit where given.
 *
 * @example await t.call('PUT', '/v1/gates/KT/capacity-plan', { token, body: everyHourPlan(1) });
 * @example everyHourPlan({ ordinary: 5, perishable: 3, emptyReturn: 2 }, { entry: { ordinary: 5, emptyReturn: 2 }, walkInShare: 0.5 })
 */
export function everyHourPlan(exit: number | HourSlots, { entry, walkInShare = 0.2 }: { entry?: HourSlots; walkInShare?: number } = {}): CapacityPlan {
  const hours = (n = 0) => Array.from({ length: 24 }, () => n);
  const side = (c: HourSlots) => ({ ordinary: hours(c.ordinary), perishable: hours(c.perishable), empty_return: hours(c.emptyReturn) });
  const exitSlots = typeof exit === 'number' ? { ordinary: exit } : exit;
  return {
    templates: [{ name: 'every-hour', slots: { exit: side(exitSlots), entry: side(entry ?? exitSlots) } }],
    week: Array.from({ length: 7 }, () => 'every-hour'), exceptions: [], closures: [], walkInShare,
  };
}

/**
 * A test platform with `plan` published, and an account quota high enough that driver1 and
 * driver2 can stand for many drivers (the quota itself is tested on the ledger). `close` also
 * restores the quota setting.
 *
 * @example const { t, close } = await startBookingTestApi(everyHourPlan(1));
 * @example await startBookingTestApi(everyHourPlan(5), { onStatement: (sql) => seen.push(sql) }, { role: 'api' }) // statements counted
 */
export async function startBookingTestApi(plan: CapacityPlan,
  database: Parameters<typeof startTestApi>[1] = {}, platform: Parameters<typeof startTestApi>[0] = {},
): Promise<{ t: TestApi; close(): Promise<void> }> {
  const savedQuota = process.env.BOOKING_ACCOUNT_QUOTA;
  process.env.BOOKING_ACCOUNT_QUOTA = '100';
  const t = await startTestApi(platform, database);
  const r = await t.call('PUT', '/v1/gates/KT/capacity-plan', { token: await t.token('manager1'), body: plan });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return {
    t,
    async close() {
      if (savedQuota === undefined) delete process.env.BOOKING_ACCOUNT_QUOTA;
      else process.env.BOOKING_ACCOUNT_QUOTA = savedQuota;
      await t.close();
    },
  };
}
