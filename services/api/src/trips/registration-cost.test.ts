/**
 * What one registration and one trip read cost in SQL statements, pinned: Prisma's
 * per-statement CPU is most of a registration's cost on this platform (benchmarks/RESULTS.md,
 * "Read and live paths at speed"), so a statement added to the path fails here, not months
 * later in a benchmark. Counted at the driver adapter (every statement Prisma sends; a
 * transaction shows as BEGIN … COMMIT).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type HttpAnswer, type TestApi } from '../testing/test-api.ts';
import { tripRequest, uniqueDeclaration, uniquePhone, uniquePlate } from '../testing/trip-fixtures.ts';
import { platesNear } from '../devices/plate-index.ts';
import { testAdaptersConfig } from '../testing/agency-harness.ts';
import { randomUUID } from 'node:crypto';
import { declarationKey, normalisePlate, type Trip } from '@borderflow/contracts';
import { COMMIT_BEHIND, Prisma, type Trip as TripRecord } from '@borderflow/db';
import { tripStatement } from './register-trip.ts';
import { carriersJson } from './declaration-claims.ts';
import { statementRecorder } from '../testing/statement-recorder.ts';

let t: TestApi;
let driver: string;
const statements = statementRecorder();
/** The statements sent on the pool by a direct transaction (@borderflow/db's directTransaction), not through Prisma's client. */
const direct = statementRecorder();
beforeAll(async () => {
  // The API role only: the worker's pollers (outbox relays' advisory locks, sweeps) share this database
  // and were counted when one ticked during the request (20 instead of 16, once in CI).
  t = await startTestApi({ role: 'api' }, {
    onStatement: (sql, path) => {
      statements.onStatement(sql);
      if (path === 'direct') direct.onStatement(sql);
    },
  });
  driver = await t.token('driver1');
});
afterAll(() => t?.close());

const statementsOf = statements.during;

/** A node of a JSON plan (EXPLAIN ANALYZE). */
interface PlanNode { 'Node Type': string; 'Relation Name'?: string; 'Actual Loops'?: number; Plans?: PlanNode[] }

/** How many times the plan's scans of `table` ran (its inserts and updates not counted). */
function readsOf(node: PlanNode, table: string): number {
  const own = node['Relation Name'] === table && node['Node Type'] !== 'ModifyTable' ? (node['Actual Loops'] ?? 0) : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + readsOf(child, table), 0);
}

/** Ends a transaction that was only there to be rolled back. */
class RolledBack extends Error {}

describe('statements per request', () => {
  it('a registration', async () => {
    // The first registration of the account creates its own driver row; a steady-state one does not.
    const first = await t.call('POST', '/v1/trips', { token: driver, body: tripRequest() });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const body = tripRequest();
    let answer: { status: number; body: unknown } | undefined;
    let onPool: string[] = [];
    const sql = await statementsOf(async () => {
      onPool = await direct.during(async () => {
        answer = await t.call('POST', '/v1/trips', { token: driver, body });
      });
    });
    expect(answer?.status, JSON.stringify(answer?.body)).toBe(201);
    console.log(`registration: ${sql.length} statements\n${sql.map((s) => `  ${s.slice(0, 160)}`).join('\n')}`);
    // BEGIN; the cap's counts (the account's company was read by the first registration) with the
    // facts, the vehicles, the driver, the declarations' bindings written and the decisions on them (one
    // statement); the trip with its child rows and the earlier decisions, written only if no active trip
    // carries its declarations (one statement, after the bindings' locks); COMMIT; no re-read.
    // 16 before the child rows went into one statement, 13 before the trip row and the holds' read
    // joined them, 11 before the account's company was remembered, 10 before the rows the trip points
    // to were written in one statement and read with its claims, 6 before the cap's counts joined them,
    // 5 before the carriers' read joined the trip's statement.
    expect(sql.length).toBeLessThanOrEqual(4);
    expect(sql[0]).toMatch(/^BEGIN/);
    // The trip's statement is the last: on PostgreSQL COMMIT is written behind it, so the transaction's own
    // COMMIT costs no round trip (2 round trips, 3 before; prisma's lazy-begin.test counts them).
    expect(sql.find((s) => s.includes('INSERT INTO "trips"'))?.startsWith(COMMIT_BEHIND)).toBe(true);
    expect(sql[sql.length - 1]).toMatch(/^COMMIT/);
    // On PostgreSQL the transaction skips Prisma's client, whose per-query work was ~30 % of the API's
    // main thread in the registrations benchmark (benchmarks/RESULTS.md, regs8); PGlite runs Prisma's.
    expect(onPool).toEqual(t.db.kind === 'postgres' ? sql : []);
  });

  it("a registration's statements are the same texts whatever the number of its declarations", async () => {
    // Each text is a prepared statement of its own that every pooled connection plans ~6 times before it reuses a
    // plan; the keys were inlined (`IN ($1, $2)`, `VALUES ($1), ($2)`): 9 texts in the API benchmark, 6 now.
    const texts = async (declarations: string[]) => {
      const body = tripRequest({ declarations });
      let answer: HttpAnswer<Trip> | undefined;
      const sql = await statementsOf(async () => {
        answer = await t.call<Trip>('POST', '/v1/trips', { token: driver, body });
      });
      expect(answer?.status, JSON.stringify(answer?.body)).toBe(201);
      expect([...(answer?.body.declarations ?? [])].sort()).toEqual([...declarations].sort());
      return sql;
    };
    // The account's company is read by its first registration only (trip-place.ts): not counted here.
    await texts([uniqueDeclaration()]);
    const one = await texts([uniqueDeclaration()]);
    const two = await texts([uniqueDeclaration(), uniqueDeclaration()]);
    const three = await texts([uniqueDeclaration(), uniqueDeclaration(), uniqueDeclaration()]);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
  });

  it("the trip's statement reads the active carriers of its declarations once", async () => {
    const user = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver1' }, select: { id: true, companyId: true } });
    const gate = await t.db.prisma.gate.findFirstOrThrow({ where: { code: 'KT' }, select: { id: true } });
    const number = uniqueDeclaration();
    const tripId = randomUUID();
    const planOf = (tx: Prisma.TransactionClient, vehicleId: string, driverId: string) => {
      const at = new Date();
      const trip = {
        id: tripId, gateId: gate.id, direction: 'exit', state: 'registered', priorityClass: 'ordinary', classSource: 'auto',
        vehicleId, trailerId: null, driverId, createdById: user.id, companyId: user.companyId,
        expectedArrival: at, appointmentAt: null, channel: 'green', channelCode: null, stages: ['documents', 'gate'], stageIndex: 0,
        laneCode: null, queueScore: null, noShows: 0, deadline: null, hold: false, queuedAt: null, qrToken: randomUUID(),
        lastEventSeq: 0, createdAt: at, updatedAt: at, arrivedAt: null, crossedAt: null,
      } satisfies TripRecord;
      const declarations = [{ id: randomUUID(), number, key: declarationKey(number), amendment: 0, inheritedFromTripId: null }];
      const statement = tripStatement(trip, [], [], declarations, [declarationKey(number)], carriersJson([number]));
      return tx.$queryRaw<Array<{ 'QUERY PLAN': unknown }>>(Prisma.sql`EXPLAIN (ANALYZE, FORMAT JSON) ${statement}`);
    };
    // Run (ANALYZE writes the trip) and rolled back.
    let planned: unknown;
    await t.db.prisma.$transaction(async (tx) => {
      const [vehicle] = await tx.$queryRaw<Array<{ id: string }>>`
        INSERT INTO "vehicles" ("id", "plate", "plate_display", "kind", "country", "company_id")
        VALUES (${randomUUID()}, ${normalisePlate(uniquePlate())}, 'plan', 'truck', 'VN', ${user.companyId}) RETURNING "id"`;
      const [driverRow] = await tx.$queryRaw<Array<{ id: string }>>`
        INSERT INTO "drivers" ("id", "full_name", "phone") VALUES (${randomUUID()}, 'Lù Văn Tư', ${uniquePhone()}) RETURNING "id"`;
      planned = (await planOf(tx, vehicle!.id, driverRow!.id))[0]!['QUERY PLAN'];
      throw new RolledBack();
    }).catch((err: unknown) => {
      if (!(err instanceof RolledBack)) throw err;
    });
    const root = (typeof planned === 'string' ? JSON.parse(planned) : planned) as Array<{ Plan: PlanNode }>;
    // The carriers' read is the one read of "declarations" (the trip's own rows are an insert). Inlined, it ran
    // once for each mention in the trip's WHERE: twice here (no trip carries the declaration), three times when one does.
    expect(readsOf(root[0]!.Plan, 'declarations')).toBe(1);
    expect(await t.db.prisma.trip.count({ where: { id: tripId } })).toBe(0);
  });

  it('a trip read', async () => {
    const created = await t.call('POST', '/v1/trips', { token: driver, body: tripRequest() });
    const first = await statementsOf(() => t.call('GET', `/v1/trips/${created.body.id}`, { token: driver }));
    console.log(`first read: ${first.length} statements\n${first.map((s) => `  ${s.slice(0, 160)}`).join('\n')}`);
    // The row's version, then (not yet in this process' cache, trip-row-cache.ts) the trip and its
    // relations in one statement (relationJoins: 8 without).
    expect(first.length).toBe(2);
    expect(first[1]).toMatch(/"trips"/);
    // A driver's next polls, while the row is unchanged: none. The kept copy carries the trip's version
    // in Redis, which every writer of the row moves (persist's trip-row-version.ts).
    const again = await statementsOf(() => t.call('GET', `/v1/trips/${created.body.id}`, { token: driver }));
    console.log(`next read: ${again.length} statements\n${again.map((s) => `  ${s.slice(0, 160)}`).join('\n')}`);
    expect(again).toHaveLength(0);
  });
});

describe('Redis writes of a registration', () => {
  it.skipIf(Boolean(process.env.REDIS_CLUSTER_NODES))('carry the plate index in the reservation\'s write', async () => {
    // The scripts are loaded by a first registration; a steady-state one is counted.
    expect((await t.call('POST', '/v1/trips', { token: driver, body: tripRequest() })).status).toBe(201);
    // The platform's own command connection, observed (its socket's writes are counted, not replaced).
    const socket = (t.platform.redis as unknown as { stream: { write(chunk: unknown, ...rest: unknown[]): boolean } }).stream;
    const writes: string[] = [];
    const write = socket.write;
    socket.write = function (this: unknown, chunk: unknown, ...rest: unknown[]) {
      writes.push(String(chunk));
      return write.call(this, chunk, ...rest);
    };
    let created: HttpAnswer<Trip> | undefined;
    try {
      created = await t.call<Trip>('POST', '/v1/trips', { token: driver, body: tripRequest() });
    } finally {
      socket.write = write;
    }
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // The trip's own writes (others on the shared connection do not name it): the place's reservation with the
    // plate index's filing, then after the commit the place's settle with the row's version. Three before the
    // filing joined the reservation (it went alone, after the trip's statement).
    const mine = writes.filter((w) => w.includes(created!.body.id));
    console.log(`registration: ${mine.length} Redis writes name the trip`);
    expect(mine).toHaveLength(2);
    expect(mine[0]).toContain(`${t.prefix}trip-cap:`);
    expect(mine[0]).toContain(':pidx:');
  });

  it('leave no index entry behind a refused registration', async () => {
    const body = tripRequest();
    const first = await t.call<Trip>('POST', '/v1/trips', { token: driver, body });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    // The truck's active trip is refused after the place was reserved and the plate filed with it.
    const again = await t.call('POST', '/v1/trips', { token: driver, body: { ...tripRequest(), vehicle: body.vehicle } });
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    const near = await platesNear({ redis: t.platform.redis, prefix: t.prefix, db: t.db.prisma }, body.gateCode, body.vehicle.plate);
    const filed = near.find((n) => n.plate === normalisePlate(body.vehicle.plate));
    expect(filed?.tripIds).toEqual([first.body.id]);
  });
});

describe('the movement notice of a registration', () => {
  it('is in the outbox with the trip, and nothing is for a refused one', async () => {
    // Agencies take notices at this gate; an API process queues them, a worker would relay them (none here).
    const withAgencies = await startTestApi({ role: 'api', agencies: testAdaptersConfig('http://127.0.0.1:9') });
    try {
      const token = await withAgencies.token('driver1');
      const body = tripRequest();
      const created = await withAgencies.call<Trip>('POST', '/v1/trips', { token, body });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const notices = () => withAgencies.db.prisma.outboxMessage.findMany({ select: { key: true, topic: true } });
      expect(await notices()).toEqual([{ key: created.body.id, topic: 'movement_notice' }]);
      // Refused by the trip's statement, after the notice was queued (another truck, the same declaration, on an
      // active trip): the notice is rolled back with the rest.
      const again = await withAgencies.call('POST', '/v1/trips', { token, body: { ...tripRequest(), declarations: body.declarations } });
      expect(again.status, JSON.stringify(again.body)).toBe(409);
      expect(again.body.error.field).toBe('declarations[0].number');
      expect(await notices()).toHaveLength(1);
    } finally {
      await withAgencies.close();
    }
  });
});

describe('a check-in', () => {
  it('costs a handful of statements and answers the trip as read back', async () => {
    const operator = await t.token('operator1');
    // The first check-in of the process reads the gate's capacity plan (then kept); a steady-state one does not.
    const warm = await t.call('POST', '/v1/trips', { token: driver, body: tripRequest() });
    expect((await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { plate: warm.body.vehicle.plate } })).status).toBe(200);
    const created = await t.call('POST', '/v1/trips', { token: driver, body: tripRequest() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    let answer: HttpAnswer<{ replayed: boolean; trip: Trip }> | undefined;
    const sql = await statementsOf(async () => {
      answer = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { plate: created.body.vehicle.plate } });
    });
    expect(answer?.status, JSON.stringify(answer?.body)).toBe(200);
    console.log(`check-in: ${sql.length} statements\n${sql.map((s) => `  ${s.slice(0, 160)}`).join('\n')}`);
    // The trip with what its answer shows, route, booking, the update, holds: no read back (6 before).
    expect(sql.length).toBeLessThanOrEqual(5);
    const read = await t.call<Trip>('GET', `/v1/trips/${created.body.id}`, { token: operator });
    expect(read.status).toBe(200);
    // The ETA counts down between the two answers; everything else is the same.
    const { live: answered, ...rest } = answer!.body.trip;
    const { live: stored, ...readRest } = read.body;
    expect(rest).toEqual(readRest);
    expect(answered?.position).toEqual(stored?.position);
  });
});

describe('the answer to a registration is built from what was written', () => {
  it('equals the trip read back, child rows in the same order', async () => {
    const body = tripRequest({
      vehicle: { plate: tripRequest().vehicle.plate, trailerPlate: tripRequest().vehicle.plate.replace('C-', 'R-') },
      driver: { fullName: 'Trần Thị Bình', phone: tripRequest().driver.phone, licenseNo: 'B2-778899' },
      cargo: [
        { description: 'Vải thiều', hsCode: '0810.90.10', packages: 900, grossKg: 9000, perishable: true },
        { description: 'Gạch men', hsCode: '6907.21.10', packages: 40, grossKg: 1200 },
        { description: 'Ống thép', hsCode: '7306.30.90', packages: 12, grossKg: 3000 },
      ],
      containers: [
        { number: 'TGHU8765436', seals: ['VN000002'] },
        { number: 'CSQU3054383', seals: ['VN000001', 'VN000003'] },
      ],
      declarations: [tripRequest().declarations![0]!, tripRequest().declarations![0]!],
    });
    const created = await t.call('POST', '/v1/trips', { token: driver, body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const read = await t.call('GET', `/v1/trips/${created.body.id}`, { token: driver });
    expect(read.status).toBe(200);
    expect(created.body).toEqual(read.body);
    expect(created.body.cargo.map((c: { description: string }) => c.description)).toEqual(['Vải thiều', 'Gạch men', 'Ống thép']);
  });
});

describe('decisions that arrived before the trip', () => {
  it('belong to it once it is registered; others stay unattached', async () => {
    const body = tripRequest();
    const key = body.declarations![0]!.slice(0, 11);
    const other = `${String(Number(key) + 1).padStart(11, '0')}`;
    const early = await t.db.prisma.agencyDecision.create({ data: { declarationKey: key, amendment: 0, agency: 'quarantine', status: 'registered' } });
    const unrelated = await t.db.prisma.agencyDecision.create({ data: { declarationKey: other, amendment: 0, agency: 'quarantine', status: 'registered' } });
    const created = await t.call('POST', '/v1/trips', { token: driver, body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const after = await t.db.prisma.agencyDecision.findMany({ where: { id: { in: [early.id, unrelated.id] } }, select: { id: true, tripId: true } });
    expect(after.find((d) => d.id === early.id)?.tripId).toBe(created.body.id);
    expect(after.find((d) => d.id === unrelated.id)?.tripId).toBeNull();
  });
});

describe('a read of a waiting truck', () => {
  it('costs the statement of a registered trip and answers its place in the queue', async () => {
    const operator = await t.token('operator1');
    // With the exit lanes paused the truck waits in the queue instead of being called at once.
    for (const lane of ['KT-X1', 'KT-X2', 'KT-P1']) {
      const paused = await t.call('POST', `/v1/gates/KT/lanes/${lane}/pause`, { token: operator, body: { reason: 'statement count' } });
      expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    }
    const created = await t.call('POST', '/v1/trips', { token: driver, body: tripRequest() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const registeredSql = await statementsOf(() => t.call('GET', `/v1/trips/${created.body.id}`, { token: driver }));
    const checkedIn = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { plate: created.body.vehicle.plate } });
    expect(checkedIn.status, JSON.stringify(checkedIn.body)).toBe(200);
    let read: HttpAnswer<Trip> | undefined;
    const waitingSql = await statementsOf(async () => { read = await t.call<Trip>('GET', `/v1/trips/${created.body.id}`, { token: driver }); });
    expect(read?.body).toMatchObject({ state: 'queued', live: { position: expect.any(Number) } });
    expect(read!.body.live!.eta!.highMs).toBeGreaterThanOrEqual(read!.body.live!.eta!.lowMs);
    expect(waitingSql.length).toBe(registeredSql.length);
  });
});
