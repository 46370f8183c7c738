/**
 * A gate's capacity plan is kept in the process for PLAN_TTL_MS (capacity-service.ts), read again in
 * the background from PLAN_REFRESH_MS while the kept one answers, and read once for all the requests
 * that need it at the same moment: in a booking storm, every request in flight reading it itself at
 * the TTL stalled them all together (benchmarks/RESULTS.md, book7).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, seedKimThanh, type TestDatabase } from '@borderflow/db';
import { statementRecorder } from '../testing/statement-recorder.ts';
import { PLAN_REFRESH_MS, PLAN_TTL_MS, planOf } from './capacity-service.ts';

const statements = statementRecorder();
let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase({ onStatement: statements.onStatement });
  await seedKimThanh(db.prisma);
}, 60_000);
afterAll(() => db?.close());

/** Each test its own clock, far from the others', so no plan kept by one is fresh for another. */
let clock = 1_000_000_000;
const ctx = () => ({ db: db.prisma });

describe("a gate's plan", () => {
  it('is read once for all the requests that find it expired together', async () => {
    const t0 = (clock += 10 * PLAN_TTL_MS);
    await planOf(ctx(), 'KT', t0);
    const sql = await statements.during(() => Promise.all(Array.from({ length: 64 }, () => planOf(ctx(), 'KT', t0 + PLAN_TTL_MS))));
    // One read: the gate and the latest version (65 statements before: each request its own version read).
    expect(sql).toHaveLength(2);
  });

  it('is read again in the background before it expires: a busy process never waits for it', async () => {
    const t0 = (clock += 10 * PLAN_TTL_MS);
    const first = await planOf(ctx(), 'KT', t0);
    // Younger than PLAN_REFRESH_MS: the kept plan, nothing read.
    expect(await statements.during(() => planOf(ctx(), 'KT', t0 + PLAN_REFRESH_MS - 1))).toEqual([]);
    // Past it: the kept plan answers at once, and a read begins behind it.
    expect(await planOf(ctx(), 'KT', t0 + PLAN_REFRESH_MS)).toBe(first);
    await vi.waitFor(async () => expect((await planOf(ctx(), 'KT', t0 + PLAN_REFRESH_MS)).readAt).toBe(t0 + PLAN_REFRESH_MS));
    // So when the first read would have expired, the plan kept is the background read's: no read waits.
    const sql = await statements.during(async () => {
      expect((await planOf(ctx(), 'KT', t0 + PLAN_TTL_MS)).readAt).toBe(t0 + PLAN_REFRESH_MS);
    });
    expect(sql).toEqual([]);
  });

  it('is never answered from a read begun PLAN_TTL_MS or more before', async () => {
    const t0 = (clock += 10 * PLAN_TTL_MS);
    await planOf(ctx(), 'KT', t0);
    expect((await planOf(ctx(), 'KT', t0 + PLAN_TTL_MS - 1)).readAt).toBe(t0);
    expect((await planOf(ctx(), 'KT', t0 + 2 * PLAN_TTL_MS)).readAt).toBe(t0 + 2 * PLAN_TTL_MS);
  });

  it('refuses an unknown gate, each request with its own error', async () => {
    const asked = await Promise.allSettled([planOf(ctx(), 'NOPE'), planOf(ctx(), 'NOPE')]);
    expect(asked.map((a) => a.status)).toEqual(['rejected', 'rejected']);
    const [a, b] = asked.map((x) => (x as PromiseRejectedResult).reason as { status: number; field?: string });
    expect([a!.status, a!.field]).toEqual([404, 'gate']);
    expect(a).not.toBe(b);
  });
});
