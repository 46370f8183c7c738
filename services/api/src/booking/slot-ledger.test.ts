/**
 * The slot ledger's promises, as properties over random storms against a real Redis:
 * concurrent bookings never exceed a slot's capacity, no account passes its quota, one active
 * booking per vehicle and driver, a reschedule keeps exactly one booking, and walk-ins stay within
 * their share and the hour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { testRedis, type TestRedis } from '@borderflow/testkit/testing';
import { SlotLedger, slotField, type LedgerBooking } from './slot-ledger.ts';

let t: TestRedis;
beforeAll(() => {
  t = testRedis();
});
afterAll(() => t.cleanup());

const HOUR = 3_600_000;
const BASE = Date.parse('2026-12-07T01:00:00Z');
let run = 0;

const requestArb = fc.record({
  account: fc.integer({ min: 0, max: 5 }),
  vehicle: fc.integer({ min: 0, max: 30 }),
  driver: fc.integer({ min: 0, max: 30 }),
  company: fc.integer({ min: 0, max: 2 }),
  slot: fc.integer({ min: 0, max: 3 }),
});

describe('slot ledger', () => {
  it('concurrent bookings never exceed capacity, quotas hold, one active booking per vehicle and driver', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(requestArb, { minLength: 1, maxLength: 80 }), fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 1, max: 4 }), async (reqs, caps, quota) => {
        const ledger = new SlotLedger(t.redis, `${t.prefix}${run++}:`, { account: quota, company: quota * 3 });
        const bookings: LedgerBooking[] = reqs.map((r, i) => ({
          id: `b${i}`, vehicleId: `v${r.vehicle}`, driverId: `d${r.driver}`, accountId: `a${r.account}`, companyId: `c${r.company}`,
          slotStart: BASE + r.slot * HOUR, direction: 'exit', slotClass: 'ordinary',
        }));
        const answers = await Promise.all(bookings.map((b) => ledger.book('KT', b, caps[(b.slotStart - BASE) / HOUR]!)));
        const won = bookings.filter((_, i) => answers[i] === 'ok');
        const count = (key: (b: LedgerBooking) => string) => {
          const m = new Map<string, number>();
          for (const b of won) m.set(key(b), (m.get(key(b)) ?? 0) + 1);
          return m;
        };
        for (const [slot, n] of count((b) => String(b.slotStart))) expect(n).toBeLessThanOrEqual(caps[(Number(slot) - BASE) / HOUR]!);
        for (const n of count((b) => b.accountId).values()) expect(n).toBeLessThanOrEqual(quota);
        for (const n of count((b) => b.companyId!).values()) expect(n).toBeLessThanOrEqual(quota * 3);
        for (const n of count((b) => b.vehicleId).values()) expect(n).toBe(1);
        for (const n of count((b) => b.driverId).values()) expect(n).toBe(1);
        // The ledger's own counts agree with the winners.
        const used = await ledger.usedOf('KT', [0, 1, 2, 3].map((s) => slotField(BASE + s * HOUR, 'exit', 'ordinary')));
        expect(used).toEqual([0, 1, 2, 3].map((s) => won.filter((b) => b.slotStart === BASE + s * HOUR).length));
      }),
      { numRuns: 40 },
    );
  });

  it('a reschedule keeps one booking: the old slot freed, the new one taken, never both or neither', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 8 }), async (moves) => {
        const ledger = new SlotLedger(t.redis, `${t.prefix}${run++}:`, { account: 4, company: 10 });
        const b: LedgerBooking = { id: 'b', vehicleId: 'v', driverId: 'd', accountId: 'a', companyId: null, slotStart: BASE, direction: 'exit', slotClass: 'ordinary' };
        expect(await ledger.book('KT', b, 1)).toBe('ok');
        let at = BASE;
        for (const m of moves) {
          const next = BASE + m * HOUR;
          if (next === at) continue;
          // Concurrently, someone else tries the slot being moved to (capacity 1: exactly one wins).
          const [moved, other] = await Promise.all([
            ledger.move('KT', { ...b, slotStart: next }, at, 1),
            ledger.book('KT', { ...b, id: `x${next}`, vehicleId: `xv${next}`, driverId: `xd${next}`, accountId: `xa${next}`, slotStart: next }, 1),
          ]);
          // Capacity 1: never both.
          expect([moved, other].filter((a) => a === 'ok').length).toBeLessThanOrEqual(1);
          if (moved === 'ok') at = next;
        }
        const fields = [0, 1, 2, 3].map((s) => slotField(BASE + s * HOUR, 'exit', 'ordinary'));
        const used = await ledger.usedOf('KT', fields);
        expect(used.every((n) => n <= 1)).toBe(true);
        expect(used[(at - BASE) / HOUR]).toBe(1);
      }),
      { numRuns: 30 },
    );
  });

  it('release is idempotent and arrival keeps the slot used while freeing the vehicle', async () => {
    const ledger = new SlotLedger(t.redis, `${t.prefix}${run++}:`, { account: 1, company: 10 });
    const b: LedgerBooking = { id: 'b', vehicleId: 'v', driverId: 'd', accountId: 'a', companyId: 'c', slotStart: BASE, direction: 'exit', slotClass: 'ordinary' };
    expect(await ledger.book('KT', b, 2)).toBe('ok');
    expect(await ledger.book('KT', { ...b, id: 'b2', vehicleId: 'v2', driverId: 'd2' }, 2)).toBe('quota');
    expect(await ledger.arrive('KT', b)).toBe('ok');
    expect(await ledger.usedOf('KT', [slotField(BASE, 'exit', 'ordinary')])).toEqual([1]);
    expect(await ledger.book('KT', { ...b, id: 'b3', slotStart: BASE + HOUR }, 2)).toBe('ok');
    expect(await ledger.release('KT', { ...b, id: 'b3', slotStart: BASE + HOUR })).toBe('ok');
    expect(await ledger.release('KT', { ...b, id: 'b3', slotStart: BASE + HOUR })).toBe('missing');
    expect(await ledger.usedOf('KT', [slotField(BASE + HOUR, 'exit', 'ordinary')])).toEqual([0]);
  });

  it('a capacity that is not a number is refused before anything is written (a booking went past it, a move passed its waiting list by)', async () => {
    const prefix = `${t.prefix}${run++}:`;
    const ledger = new SlotLedger(t.redis, prefix, { account: 5, company: 10 });
    const b: LedgerBooking = { id: 'b', vehicleId: 'v', driverId: 'd', accountId: 'a', companyId: 'c', slotStart: BASE, direction: 'exit', slotClass: 'ordinary' };
    expect(await ledger.book('KT', b, 1)).toBe('ok');
    const ledgerKeys = async () => {
      const keys = (await t.redis.keys(`${prefix}*`)).sort();
      return Promise.all(keys.map(async (k) => [k, (await t.redis.dumpBuffer(k))?.toString('base64')]));
    };
    const before = await ledgerKeys();
    const refusals = await Promise.all([
      ledger.book('KT', { ...b, id: 'b2', vehicleId: 'v2', driverId: 'd2' }, Number.NaN),
      ledger.move('KT', { ...b, slotStart: BASE + HOUR }, BASE, 2, Number.NaN),
    ].map((step) => step.catch((err: Error) => err.message)));
    expect(await ledgerKeys()).toEqual(before);
    expect(refusals).toEqual([expect.stringMatching(/ARGV\[4\] must be a finite number, got 'NaN'/), expect.stringMatching(/ARGV\[14\] must be a finite number/)]);
  });

  it('walk-ins at once: exactly what the share and the hour (its bookings counted) leave, each trip once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 16 }), async (bookings, walkers, share, hour) => {
        const ledger = new SlotLedger(t.redis, `${t.prefix}${run++}:`, { account: 100, company: 100 });
        for (let i = 0; i < bookings; i++) {
          const b: LedgerBooking = { id: `b${i}`, vehicleId: `v${i}`, driverId: `d${i}`, accountId: 'a', companyId: null, slotStart: BASE, direction: 'exit', slotClass: i % 2 ? 'ordinary' : 'perishable' };
          expect(await ledger.book('KT', b, 6)).toBe('ok');
        }
        const walkIn = (i: number, limits = { walkIns: share, hour }) => ledger.walkIn('KT', `trip${i}`, BASE, 'exit', ['ordinary', 'perishable', 'empty_return'], limits);
        const answers = await Promise.all(Array.from({ length: walkers }, (_, i) => walkIn(i)));
        const admitted = answers.filter((a) => a === 'ok').length;
        expect(admitted).toBe(Math.min(walkers, share, Math.max(0, hour - bookings)));
        expect(answers.every((a) => a === 'ok' || a === 'full')).toBe(true);
        expect(await ledger.usedOf('KT', [`walk-in:${BASE}:exit`])).toEqual([admitted]);
        // A trip admitted before is 'ok' again (a retried check-in), however full the hour, and not counted twice.
        const first = answers.indexOf('ok');
        if (first >= 0) expect(await walkIn(first, { walkIns: 0, hour: 0 })).toBe('ok');
        expect(await ledger.usedOf('KT', [`walk-in:${BASE}:exit`])).toEqual([admitted]);
      }),
      { numRuns: 40 },
    );
  });
});
