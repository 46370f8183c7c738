/**
 * The Redis side of slot booking: one Lua script (slot-ledger.lua) that checks and takes a slot,
 * the vehicle's and driver's one active booking and the account's and company's quota in one
 * atomic step. Every key of a gate shares the hash tag `{g:<gate>}`, so it runs on Redis Cluster.
 * The database's active bookings are the record: `rebuild` recomputes the ledger from them. The
 * waiting lists are written through to the database (waitlist_entries) after every step that
 * touches an entry, so `rebuild` brings them back too, in the same order, open offers included.
 */
import { readFileSync } from 'node:fs';
import type { Cluster, Redis } from 'ioredis';
import type { PrismaClient } from '@borderflow/db';
import { withLuaCommands, type LuaCommands } from '@borderflow/scheduler';
import type { Direction, SlotClass } from '@borderflow/contracts';

const COMMANDS: LuaCommands = {
  bf_slotLedger: { numberOfKeys: 7, lua: readFileSync(new URL('./slot-ledger.lua', import.meta.url), 'utf8') },
  bf_slotLedgerCheck: { numberOfKeys: 4, lua: readFileSync(new URL('./slot-ledger-check.lua', import.meta.url), 'utf8') },
};

export type LedgerAnswer = 'unbuilt' | 'ok' | 'vehicle' | 'driver' | 'full' | 'quota' | 'company_quota' | 'missing'
  | 'not_full' | 'waiting' | 'too_many' | 'expired' | 'not_due';

/** One driver's place on the waiting list of a full slot, as the ledger keeps it. */
export interface WaitlistEntry {
  id: string;
  /** The slot waited for: "<slotStartMs>:<direction>:<class>". */
  field: string;
  tripId: string;
  vehicleId: string;
  driverId: string;
  accountId: string;
  companyId: string | null;
  state: 'waiting' | 'offered' | 'booked' | 'expired' | 'left';
  joinedAt: number;
  offerExpiresAt?: number;
  bookingId?: string;
}

/** What the ledger needs to know of one booking. */
export interface LedgerBooking {
  id: string;
  vehicleId: string;
  driverId: string;
  accountId: string;
  companyId: string | null;
  slotStart: number;
  direction: Direction | string;
  slotClass: SlotClass | string;
}

/** How long one rebuild may hold its lock (and others wait for it) before it is taken as lost. */
const REBUILD_LOCK_MS = 15_000;

/** The rebuilds running in this process, per Redis client and built marker (see `rebuildOnce`). */
const rebuilds = new WeakMap<object, Map<string, Promise<boolean>>>();

/** Ledger steps that can change a waiting-list entry (its own, or the head of a list getting an offer). */
const TOUCHES_ENTRIES = new Set(['join', 'leave', 'accept', 'expire', 'release', 'move']);

/** The script's reply: its answer, or (ARGV[18] = '1') its answer and the waiting list's head before the step ('' = none). */
type LedgerReply = LedgerAnswer | [LedgerAnswer, string];

type LedgerRedis = (Redis | Cluster) & {
  bf_slotLedger(k1: string, k2: string, k3: string, k4: string, k5: string, k6: string, k7: string, ...args: (string | number)[]): Promise<LedgerReply>;
  bf_slotLedgerCheck(used: string, holders: string, quotas: string, built: string, ...args: (string | number)[]): Promise<LedgerAnswer>;
};

/** The waiting-list side of the ledger: how long an offer stays open, how many lists a trip may wait on. */
export interface WaitlistRules {
  offerMs: number;
  perTrip: number;
}

/** The field of one hour's walk-in count in the used-slots hash. */
export function walkInField(hourStart: number, direction: string): string {
  return `walk-in:${hourStart}:${direction}`;
}

/** The field of one slot in the used-slots hash. */
export function slotField(slotStart: number, direction: string, slotClass: string): string {
  return `${slotStart}:${direction}:${slotClass}`;
}

export class SlotLedger {
  private readonly r: LedgerRedis;

  constructor(
    redis: Redis | Cluster,
    private readonly prefix: string,
    private readonly quotas: { account: number; company: number },
    private readonly waitlist: WaitlistRules = { offerMs: 15 * 60_000, perTrip: 3 },
    /** Where waiting-list entries are recorded (none: Redis only, as in the ledger benchmark). */
    private readonly record?: PrismaClient,
  ) {
    this.r = withLuaCommands<LedgerRedis>(redis, COMMANDS);
  }

  keys(gate: string): [string, string, string] {
    const tag = `${this.prefix}booking:{g:${gate}}`;
    return [`${tag}:used`, `${tag}:holders`, `${tag}:quotas`];
  }

  /** The waiting list of one slot, the entries and the open offers of a gate. */
  waitKeys(gate: string, field: string): [string, string, string] {
    const tag = `${this.prefix}booking:{g:${gate}}`;
    return [`${tag}:wait:${field}`, `${tag}:wait-entries`, `${tag}:offers`];
  }

  private async run(
    gate: string, op: string, b: LedgerBooking, capacity: number,
    opts: { oldField?: string; freedCapacity?: number; entryId?: string; entry?: string; queueField?: string } = {},
  ): Promise<LedgerAnswer> {
    const field = slotField(b.slotStart, b.direction, b.slotClass);
    const waitKeys = this.waitKeys(gate, opts.queueField ?? opts.oldField ?? field);
    // Steps that can change an entry: the caller's own, and the head of the list (a freed slot is offered to it).
    // The script answers with that head as the step saw it (ARGV[18]): a release, which every refused
    // booking whose row was written makes, is one round trip, where a ZRANGE before it made two (issue 12).
    const touches = this.record !== undefined && TOUCHES_ENTRIES.has(op);
    const reply = await this.step<LedgerReply>(gate, waitKeys, () => [
      op, b.id, field, capacity,
      b.vehicleId, b.driverId, b.accountId, b.companyId ?? '', this.quotas.account, this.quotas.company, opts.oldField ?? '',
      Date.now(), this.waitlist.offerMs, opts.freedCapacity ?? 0, opts.entryId ?? '', this.waitlist.perTrip, opts.entry ?? '', touches ? '1' : '',
    ]);
    const [answer, head] = typeof reply === 'string' ? [reply, ''] : reply;
    if (touches) await this.recordEntries(gate, [opts.entryId, head].filter((x): x is string => !!x));
    return answer;
  }

  /**
   * One step of slot-ledger.lua. A ledger Redis lost answers 'unbuilt' without changing anything:
   * it is rebuilt from the database first (one process rebuilds, the others wait for it) and the
   * step is asked again, with a fresh clock (`args` is called per attempt). So a booking in the
   * seconds after a flush or a failover waits for the rebuild instead of finding an empty hour.
   */
  private step<R extends LedgerReply = LedgerAnswer>(gate: string, waitKeys: readonly string[], args: () => (string | number)[]): Promise<R> {
    const keys = [...this.keys(gate), ...waitKeys, this.builtKey(gate)] as unknown as [string, string, string, string, string, string, string];
    return this.untilBuilt(gate, () => this.r.bf_slotLedger(...keys, ...args()) as Promise<R>);
  }

  /**
   * Sends a ledger script (`send`, called per attempt) until it finds the ledger built: a script that
   * answers 'unbuilt' changed nothing, so the ledger is rebuilt (`rebuildOnce`) and it is sent again.
   */
  private async untilBuilt<R extends LedgerReply>(gate: string, send: () => Promise<R>): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      const reply = await send();
      const answer = typeof reply === 'string' ? reply : reply[0];
      // Lost again during the wait (a second flush): once more, then the caller sees it (a 503, not an oversold hour).
      if (answer !== 'unbuilt' || attempt === 2) return reply;
      await this.rebuildOnce(gate);
    }
  }

  /**
   * Writes entries as the ledger holds them now to the database (their record). Also run over every
   * open offer by the booking sweep (an offer whose step's recording failed is recorded there).
   */
  async recordEntries(gate: string, ids: readonly string[]): Promise<void> {
    if (!this.record || ids.length === 0) return;
    for (const e of await this.entries(gate, [...new Set(ids)])) {
      const [start] = e.field.split(':');
      const row = {
        gateCode: gate, slot: e.field, slotStart: new Date(Number(start)), tripId: e.tripId, vehicleId: e.vehicleId, driverId: e.driverId,
        accountId: e.accountId, companyId: e.companyId || null, state: e.state, joinedAt: e.joinedAt,
        offerExpiresAt: e.offerExpiresAt ?? null, bookingId: e.bookingId ?? null,
      };
      await this.record.waitlistEntry.upsert({ where: { id: e.id }, create: { id: e.id, ...row }, update: row });
    }
  }

  /** Ids of every open offer of a gate. */
  openOffers(gate: string): Promise<string[]> {
    return this.r.zrange(this.waitKeys(gate, '')[2], 0, -1);
  }

  /** The key whose absence says the gate's ledger was lost (a Redis restart without its data, a failover to an empty replica). */
  builtKey(gate: string): string {
    return `${this.prefix}booking:{g:${gate}}:built`;
  }

  /**
   * Rebuilds a gate's ledger from the database when Redis lost it (run by the booking sweep, when
   * the Redis connection comes back, and by any ledger step that finds it lost). Returns whether
   * this call rebuilt it.
   *
   * @example await ledger.ensure(db, 'KT')
   */
  async ensure(db: PrismaClient, gate: string): Promise<boolean> {
    return this.rebuildOnce(gate, db);
  }

  /**
   * Rebuilds a lost ledger under a lock, so that two processes never rebuild at once: a rebuild
   * that read the database before another's bookings went through would write them away. Those
   * without the lock wait for the built marker. A ledger with no record (the benchmark's) has
   * nothing to rebuild from: it is marked built as it is.
   */
  private rebuildOnce(gate: string, db: PrismaClient | undefined = this.record): Promise<boolean> {
    // The steps of this process that find the ledger lost while this process rebuilds it wait for
    // that rebuild itself, not for their next 25 ms look at the marker: a storm's first wave on a
    // lost ledger waited ~30 ms for a ~15 ms rebuild (issue 12). A failed rebuild lets each try its own.
    let inFlight = rebuilds.get(this.r);
    if (!inFlight) rebuilds.set(this.r, (inFlight = new Map()));
    const key = this.builtKey(gate);
    const running = inFlight.get(key);
    if (running) return running.then(() => false, () => this.rebuildUnderLock(gate, db));
    const mine = this.rebuildUnderLock(gate, db).finally(() => inFlight.delete(key));
    inFlight.set(key, mine);
    return mine;
  }

  private async rebuildUnderLock(gate: string, db: PrismaClient | undefined): Promise<boolean> {
    const built = this.builtKey(gate);
    const lock = `${built}:rebuilding`;
    const token = crypto.randomUUID();
    for (let waited = 0; waited < REBUILD_LOCK_MS; waited += 25) {
      if ((await this.r.exists(built)) === 1) return false;
      if (!db) return (await this.r.set(built, String(Date.now()), 'NX')) === 'OK';
      if ((await this.r.set(lock, token, 'PX', REBUILD_LOCK_MS, 'NX')) === 'OK') {
        try {
          await this.rebuild(db, gate);
          return true;
        } finally {
          // Only our own lock: one that expired and was taken by another process stays its.
          if ((await this.r.get(lock)) === token) await this.r.del(lock);
        }
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    return false;
  }

  /**
   * Takes the slot for a new booking, or says which rule refused it.
   *
   * @example await ledger.book('KT', booking, 12) // 'ok' | 'full' | 'vehicle' | …
   */
  book(gate: string, b: LedgerBooking, capacity: number): Promise<LedgerAnswer> {
    return this.run(gate, 'book', b, capacity);
  }

  /**
   * Moves a booking from `fromSlotStart` to `b.slotStart`: one booking before and after. The slot
   * left (of capacity `fromCapacity`) goes to the head of its waiting list, if any.
   */
  move(gate: string, b: LedgerBooking, fromSlotStart: number, capacity: number, fromCapacity = 0): Promise<LedgerAnswer> {
    return this.run(gate, 'move', b, capacity, { oldField: slotField(fromSlotStart, b.direction, b.slotClass), freedCapacity: fromCapacity });
  }

  /**
   * Gives the slot and the holds back (cancel, arrival, no-show); harmless twice. The slot (of
   * capacity `capacity`) is offered to the head of its waiting list, if any, before anyone else.
   */
  release(gate: string, b: LedgerBooking, capacity = 0): Promise<LedgerAnswer> {
    return this.run(gate, 'release', b, 0, { freedCapacity: capacity });
  }

  /**
   * Puts a trip on the waiting list of a full slot (refused with 'not_full' when it has room).
   *
   * @example await ledger.join('KT', entryId, booking, 12) // 'ok' | 'not_full' | 'waiting' | 'too_many'
   */
  join(gate: string, entryId: string, b: LedgerBooking & { tripId: string }, capacity: number): Promise<LedgerAnswer> {
    const entry = JSON.stringify({ tripId: b.tripId, vehicleId: b.vehicleId, driverId: b.driverId, accountId: b.accountId, companyId: b.companyId ?? '' });
    return this.run(gate, 'join', b, capacity, { entryId, entry });
  }

  /** Leaves a waiting list; leaving with an open offer passes the slot to the next in line. */
  leave(gate: string, e: WaitlistEntry, capacity: number): Promise<LedgerAnswer> {
    return this.run(gate, 'leave', this.asBooking(e, ''), 0, { entryId: e.id, queueField: e.field, freedCapacity: capacity });
  }

  /** Turns an open offer into booking `bookingId` (holds and quota taken; the slot was already counted). */
  accept(gate: string, e: WaitlistEntry, bookingId: string, capacity: number): Promise<LedgerAnswer> {
    return this.run(gate, 'accept', this.asBooking(e, bookingId), 0, { entryId: e.id, queueField: e.field, freedCapacity: capacity });
  }

  /** Closes an offer whose time ran out: the slot goes to the next in line ('not_due' while it is open). */
  expire(gate: string, e: WaitlistEntry, capacity: number): Promise<LedgerAnswer> {
    return this.run(gate, 'expire', this.asBooking(e, ''), 0, { entryId: e.id, queueField: e.field, freedCapacity: capacity });
  }

  private asBooking(e: WaitlistEntry, id: string): LedgerBooking {
    const [start, direction, slotClass] = e.field.split(':');
    return { id, vehicleId: e.vehicleId, driverId: e.driverId, accountId: e.accountId, companyId: e.companyId || null, slotStart: Number(start), direction: direction!, slotClass: slotClass! };
  }

  /** Waiting-list entries by id (missing ones left out). */
  async entries(gate: string, ids: readonly string[]): Promise<WaitlistEntry[]> {
    if (ids.length === 0) return [];
    const raw = await this.r.hmget(this.waitKeys(gate, '')[1], ...ids);
    return raw.filter((x): x is string => x !== null).map((x) => JSON.parse(x) as WaitlistEntry);
  }

  /** An entry's place in its slot's waiting list (1 = next), null once it left the list. */
  async position(gate: string, e: WaitlistEntry): Promise<number | null> {
    const rank = await this.r.zrank(this.waitKeys(gate, e.field)[0], e.id);
    return rank === null ? null : rank + 1;
  }

  /** Ids of offers whose time ran out by `now`. */
  dueOffers(gate: string, now = Date.now()): Promise<string[]> {
    return this.r.zrangebyscore(this.waitKeys(gate, '')[2], '-inf', now, 'LIMIT', 0, 200);
  }

  /** The truck arrived: its vehicle, driver and quota are free again, the slot stays used. */
  arrive(gate: string, b: LedgerBooking): Promise<LedgerAnswer> {
    return this.run(gate, 'arrive', b, 0);
  }

  /**
   * Admits a truck without a slot (a walk-in) in the hour starting at `hourStart`, or refuses it
   * ('full') when the hour's walk-in share (`limits.walkIns`) or the hour itself (`limits.hour`,
   * its bookings of every class counted) is used up. Atomic with booking: concurrent check-ins and
   * bookings never exceed either. A trip admitted before is 'ok' again, counted once.
   *
   * @example await ledger.walkIn('KT', tripId, hourStart, 'exit', ['ordinary', 'perishable', 'empty_return'], { walkIns: 2, hour: 10 })
   */
  walkIn(
    gate: string, tripId: string, hourStart: number, direction: string, slotClasses: readonly string[], limits: { walkIns: number; hour: number },
  ): Promise<LedgerAnswer> {
    const field = walkInField(hourStart, direction);
    const booked = JSON.stringify(slotClasses.map((c) => slotField(hourStart, direction, c)));
    return this.step(gate, this.waitKeys(gate, field), () => [
      'walk_in', tripId, field, limits.walkIns, '', '', '', '', 0, 0, '', Date.now(), 0, limits.hour, '', 0, booked,
    ]);
  }

  /**
   * What `book` would answer now, changing nothing: the early refusal of a booking that cannot win,
   * asked before its database row is written. Only an answer, never a decision: `book` decides
   * again, atomically. A lost ledger is rebuilt first, as for any step.
   *
   * @example await ledger.check('KT', booking, 12) // 'ok' | 'full' | 'quota' | …
   */
  check(gate: string, b: LedgerBooking, capacity: number): Promise<LedgerAnswer> {
    // Its own short script (slot-ledger-check.lua): 4 keys and 8 arguments where a step sends 7 and 18.
    const [used, holders, quotas] = this.keys(gate);
    const built = this.builtKey(gate);
    const field = slotField(b.slotStart, b.direction, b.slotClass);
    return this.untilBuilt(gate, () => this.r.bf_slotLedgerCheck(used, holders, quotas, built,
      field, capacity, b.vehicleId, b.driverId, b.accountId, b.companyId ?? '', this.quotas.account, this.quotas.company));
  }

  /** Slots held, by field, for the given fields. */
  async usedOf(gate: string, fields: readonly string[]): Promise<number[]> {
    if (fields.length === 0) return [];
    const values = await this.r.hmget(this.keys(gate)[0], ...fields);
    return values.map((v) => Number(v ?? 0));
  }

  /**
   * Rebuilds a gate's ledger from the database (active and pending bookings hold; arrived ones of the last two
   * days still use their slot; walk-ins of the last two days count in their hour; waiting-list
   * entries still waiting go back in line in their order, open offers hold their slot) (after a
   * Redis loss or by command).
   *
   * @example await ledger.rebuild(db, 'KT')
   */
  async rebuild(db: PrismaClient, gate: string): Promise<number> {
    // The marker goes first, before the database is read: from here every ledger step answers
    // 'unbuilt' and waits for this rebuild, so a step that succeeded did so before the read, and
    // the row it follows (a booking's 'pending' row is written before its step) is in what is read.
    // Marking it lost only after the read would let a step slip in between and be written away.
    await this.r.del(this.builtKey(gate));
    const since = new Date(Date.now() - 2 * 86_400_000);
    const [rows, walkIns, waiting] = await Promise.all([
      db.slotBooking.findMany({ where: { gateCode: gate, state: { in: ['active', 'arrived', 'pending'] }, slotStart: { gte: since } } }),
      db.walkIn.findMany({ where: { gateCode: gate, at: { gte: since } }, select: { tripId: true, direction: true, at: true } }),
      db.waitlistEntry.findMany({ where: { gateCode: gate, state: { in: ['waiting', 'offered'] }, slotStart: { gte: since } } }),
    ]);
    const [usedKey, holdersKey, quotasKey] = this.keys(gate);
    const [, entriesKey, offersKey] = this.waitKeys(gate, '');
    const used = new Map<string, number>();
    const holders: string[] = [];
    const quotas = new Map<string, number>();
    const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    for (const b of rows) {
      const field = slotField(b.slotStart.getTime(), b.direction, b.slotClass);
      add(used, field);
      if (b.state === 'arrived') continue;
      holders.push(`v:${b.vehicleId}`, b.id, `d:${b.driverId}`, b.id);
      add(quotas, `a:${b.accountId}`);
      if (b.companyId) add(quotas, `c:${b.companyId}`);
      // A booking in flight (its row written, its ledger step maybe not yet): counted in full, so
      // nobody takes its slot meanwhile, and marked, so that its own step decides it afresh
      // (slot-ledger.lua, unreserve) and a refused one gives it all back (`release`).
      if (b.state === 'pending') holders.push(`p:${b.id}`, field);
    }
    for (const w of walkIns) {
      const field = walkInField(w.at.getTime() - (w.at.getTime() % 3_600_000), w.direction);
      add(used, field);
      holders.push(`w:${w.tripId}`, field);
    }
    // The waiting lists as slot-ledger.lua keeps them (entries, per-trip counts and markers, lists, offers).
    const entries: string[] = [];
    const perTrip = new Map<string, number>();
    const lists = new Map<string, Array<string | number>>();
    const offers: Array<string | number> = [];
    for (const e of waiting) {
      const json: WaitlistEntry = {
        id: e.id, field: e.slot, tripId: e.tripId, vehicleId: e.vehicleId, driverId: e.driverId, accountId: e.accountId,
        companyId: e.companyId ?? '', state: e.state as WaitlistEntry['state'], joinedAt: e.joinedAt,
        ...(e.offerExpiresAt !== null ? { offerExpiresAt: e.offerExpiresAt } : {}),
      };
      entries.push(e.id, JSON.stringify(json), `w:${e.tripId}:${e.slot}`, e.id);
      add(perTrip, `t:${e.tripId}`);
      if (e.state === 'waiting') lists.set(e.slot, [...(lists.get(e.slot) ?? []), e.joinedAt, e.id]);
      else {
        // An open offer holds its slot: nobody else can take it meanwhile.
        offers.push(e.offerExpiresAt ?? 0, e.id);
        add(used, e.slot);
      }
    }
    // Every list the ledger still has goes too (its entries are rewritten from the record below):
    // a list left behind would name entries that no longer exist.
    const fields = new Set(lists.keys());
    for (const raw of await this.r.hvals(entriesKey)) {
      const field = raw.startsWith('{') ? (JSON.parse(raw) as { field?: string }).field : undefined;
      if (field) fields.add(field);
    }
    const m = this.r.multi().del(usedKey, holdersKey, quotasKey, entriesKey, offersKey, ...[...fields].map((f) => this.waitKeys(gate, f)[0]));
    if (used.size > 0) m.hset(usedKey, Object.fromEntries(used));
    if (holders.length > 0) m.hset(holdersKey, ...holders);
    if (quotas.size > 0) m.hset(quotasKey, Object.fromEntries(quotas));
    if (entries.length > 0) m.hset(entriesKey, ...entries, ...[...perTrip].flat());
    for (const [f, members] of lists) m.zadd(this.waitKeys(gate, f)[0], ...members);
    if (offers.length > 0) m.zadd(offersKey, ...offers);
    m.set(this.builtKey(gate), String(Date.now()));
    await m.exec();
    return rows.length;
  }
}
