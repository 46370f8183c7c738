/**
 * What a ledger step costs in Redis commands, pinned. A release (a cancel, a no-show, and every
 * booking refused at the ledger's step after its pending row was written: a release storm's second
 * wave has dozens) once read the waiting list's head with a ZRANGE of its own and then ran the
 * script, two round trips one after the other; the script now answers with the head as the step
 * saw it (slot-ledger.lua, ARGV[18]), so it is one (issue 12). The head the step offered the slot
 * to is still recorded in the database.
 */
import { describe, expect, it } from 'vitest';
import { redisMonitor, testRedisUrl } from '@borderflow/testkit/testing';
import { useLedgerStores } from '../testing/use-ledger-stores.ts';
import { SlotLedger, slotField, type LedgerBooking } from './slot-ledger.ts';

const stores = useLedgerStores();

const HOUR = 3_600_000;
// A slot in the future: a freed slot of an hour already started is not offered.
const slotStart = Math.floor(Date.now() / HOUR) * HOUR + 48 * HOUR;
const booking = (i: number): LedgerBooking => ({
  id: `b${i}`, vehicleId: `v${i}`, driverId: `d${i}`, accountId: `a${i}`, companyId: null, slotStart, direction: 'exit', slotClass: 'ordinary',
});

/** The commands this test's ledger sends (not those its scripts run, nor other test files' on the same Redis) while `work` runs. */
async function commandsOf(work: () => Promise<unknown>): Promise<string[]> {
  return (await commandLinesOf(work)).map((args) => args[0]!.toUpperCase());
}

/** The same, each command with its arguments. */
async function commandLinesOf(work: () => Promise<unknown>): Promise<string[][]> {
  const monitor = await redisMonitor(testRedisUrl());
  const sent: string[][] = [];
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source !== 'lua' && args.some((a) => a.startsWith(stores.redis.prefix))) sent.push(args);
  });
  try {
    await work();
    // MONITOR's feed may trail the replies a little.
    await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    monitor.disconnect();
  }
  return sent;
}

describe('ledger steps in Redis commands', () => {
  it('a refused booking\'s release with nobody waiting is one command (the script), where a ZRANGE came first', async () => {
    const ledger = new SlotLedger(stores.redis.redis, `${stores.redis.prefix}alone:`, { account: 2, company: 10 }, undefined, stores.db.prisma);
    await ledger.ensure(stores.db.prisma, 'KT');
    expect(await ledger.book('KT', booking(0), 1)).toBe('ok');
    // The step's loser: refused 'full', its row dropped, then its release (which finds nothing held).
    expect(await ledger.book('KT', booking(1), 1)).toBe('full');
    const sent = await commandsOf(async () => expect(await ledger.release('KT', booking(1), 1)).toBe('missing'));
    expect(sent).toEqual(['EVALSHA']);
    // A cancel's release: the slot goes back to the free pool, one command too.
    const freed = await commandsOf(async () => expect(await ledger.release('KT', booking(0), 1)).toBe('ok'));
    expect(freed).toEqual(['EVALSHA']);
    expect(await ledger.usedOf('KT', [slotField(slotStart, 'exit', 'ordinary')])).toEqual([0]);
  });

  it('a release offers the slot to the head of its waiting list and records that entry, without a ZRANGE before the script', async () => {
    const ledger = new SlotLedger(stores.redis.redis, `${stores.redis.prefix}waiting:`, { account: 2, company: 10 }, undefined, stores.db.prisma);
    await ledger.ensure(stores.db.prisma, 'KT');
    expect(await ledger.book('KT', booking(0), 1)).toBe('ok');
    const entryId = crypto.randomUUID();
    const waiter = booking(1);
    expect(await ledger.join('KT', entryId, { ...waiter, tripId: 't1' }, 1)).toBe('ok');
    const sent = await commandsOf(async () => expect(await ledger.release('KT', booking(0), 1)).toBe('ok'));
    // The script, then the offered entry read to be recorded (HMGET); no ZRANGE of the head before it.
    expect(sent).toEqual(['EVALSHA', 'HMGET']);
    const [entry] = await ledger.entries('KT', [entryId]);
    expect(entry).toMatchObject({ state: 'offered' });
    const row = await stores.db.prisma.waitlistEntry.findUniqueOrThrow({ where: { id: entryId } });
    expect(row).toMatchObject({ state: 'offered', offerExpiresAt: entry!.offerExpiresAt, tripId: 't1' });
  });

  it('a booking\'s early check is one short script: 4 keys and 8 arguments (a step sends 7 and 18), answering as before', async () => {
    const ledger = new SlotLedger(stores.redis.redis, `${stores.redis.prefix}check:`, { account: 1, company: 2 }, undefined, stores.db.prisma);
    await ledger.ensure(stores.db.prisma, 'KT');
    // An hour of its own: the rebuild counts the open offer the test above left in the database.
    const at = slotStart + 5 * HOUR;
    const mk = (i: number, more: Partial<LedgerBooking> = {}): LedgerBooking => ({ ...booking(i), slotStart: at, ...more });
    const taken = mk(0, { companyId: 'c1' });
    expect(await ledger.book('KT', taken, 2)).toBe('ok');
    // The client's first call of a script is an EVAL (the script's text); then EVALSHA.
    expect(await ledger.check('KT', mk(1), 1)).toBe('full');
    // Nearly every request of a release storm sends it: each argument costs the API's Redis client (issue 12).
    const sent = await commandLinesOf(async () => expect(await ledger.check('KT', mk(1), 1)).toBe('full'));
    expect(sent.map((args) => args[0]!.toUpperCase())).toEqual(['EVALSHA']);
    // EVALSHA, the sha, the key count, the keys, the arguments: 28 when the check was a step of slot-ledger.lua.
    expect(sent[0]).toHaveLength(3 + 4 + 8);
    // Its answers: the vehicle, the driver, the hour, the account's quota, the company's, or ok; nothing taken.
    expect(await ledger.check('KT', mk(1, { vehicleId: taken.vehicleId }), 5)).toBe('vehicle');
    expect(await ledger.check('KT', mk(1, { driverId: taken.driverId }), 5)).toBe('driver');
    expect(await ledger.check('KT', mk(1, { accountId: taken.accountId }), 5)).toBe('quota');
    expect(await ledger.check('KT', mk(1, { companyId: 'c1' }), 5)).toBe('ok');
    expect(await ledger.book('KT', mk(2, { companyId: 'c1' }), 5)).toBe('ok');
    expect(await ledger.check('KT', mk(1, { companyId: 'c1' }), 5)).toBe('company_quota');
    expect(await ledger.check('KT', mk(1), 5)).toBe('ok');
    expect(await ledger.usedOf('KT', [slotField(at, 'exit', 'ordinary')])).toEqual([2]);
    // A ledger lost is rebuilt from the database first (none of these bookings has a row: an empty hour), then checked.
    await stores.redis.redis.del(ledger.builtKey('KT'));
    expect(await ledger.check('KT', mk(1), 1)).toBe('ok');
    expect(await stores.redis.redis.exists(ledger.builtKey('KT'))).toBe(1);
    // A capacity that is not a number is an error, as for a step, never an answer.
    await expect(ledger.check('KT', mk(1), Number.NaN)).rejects.toThrow(/ARGV\[2\] must be a finite number/);
  });
});
