/* eslint-disable @typescript-eslint/no-explicit-any -- answers in tests are arbitrary JSON */
/**
 * Every route of the table has a worked example (contracts' routes/examples), and every example
 * is true: its request and answer fit the route's own schemas, and sent to a real server as the
 * named principal it gets the route's success status and an answer that fits the response schema.
 * Ids the server mints are placeholders (EXAMPLE_IDS) swapped for things each run creates first.
 *
 * CAPTURE_EXAMPLES=<file> writes the answers to that file (to refresh examples/example-answers.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { EXAMPLE_IDS, EXAMPLE_TIMES, ROUTES, routePath, simActiveKey, simCatalogKey, ZHealthzResponseSchema, ZReadyzResponseSchema, type AnyRoute, type RouteName, type SimCatalog } from '@borderflow/contracts';
import { testRedisUrl } from '@borderflow/testkit/testing';
import { startTestApi, TEST_METRICS_TOKEN, type TestApi } from '../testing/test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';
import { everyHourPlan } from '../testing/booking-fixtures.ts';
import { until } from '../testing/agency-harness.ts';

/** The scenarios and policies of simulators/scenarios, as a worker publishes them. */
const SIM_CATALOG: SimCatalog = {
  scenarios: [
    { id: 'kim-thanh-normal', title: 'Kim Thành, a normal day', description: 'About 400 trucks (60 % leaving for Hekou), lanes open 07:00–19:00', trucksPerDay: 400, durationHours: 24, policy: 'default' },
    { id: 'peak', title: 'Peak season', description: '600 trucks', trucksPerDay: 600, durationHours: 24, policy: 'default' },
  ],
  policies: [
    { id: 'default', title: 'Published policy v1', description: '1 perishable, 1 trusted, 5 ordinary' },
    { id: 'fifo', title: 'First come, first served', description: 'No classes' },
  ],
};

type Ids = Partial<Record<keyof typeof EXAMPLE_IDS, string>>;

interface Run {
  /** Demo user the example is sent as; null = no sign-in. */
  as: string | null;
  /** Creates what the example refers to; returns the real ids (and a token, when the example spends one). */
  prepare?: () => Promise<Ids & { token?: string }>;
  /** Frees what the example left behind (a truck holding a lane the next examples need). */
  after?: (ids: Ids) => Promise<void>;
  /** Not run here, and why (the example is still checked against its schemas). */
  elsewhere?: string;
}

let t: TestApi;
let receiver: Server;
let receiverUrl = '';
const pings: string[] = [];
const captured: Record<string, unknown> = {};
/** What earlier runs made that later ones reuse (a run of the simulation, the example trip). */
const made: { simulation?: string; planWhatIf?: string; waitlistEntry?: string } = {};

async function as(user: string): Promise<string> {
  return t.token(user);
}

async function ok(method: string, path: string, user: string | null, body?: unknown): Promise<any> {
  const r = await t.call(method, path, { ...(user ? { token: await as(user) } : {}), ...(body !== undefined ? { body } : {}) });
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body;
}

/** A registered trip of driver1 (its own plate, declaration and driver). */
async function trip(overrides: Record<string, unknown> = {}): Promise<any> {
  return ok('POST', '/v1/trips', 'driver1', tripRequest(overrides as any));
}

/** A trip checked in and called to a lane (entry: the entry lanes are free). */
async function calledTrip(): Promise<{ id: string; lane: string }> {
  const request = tripRequest({ direction: 'entry' });
  const created = await ok('POST', '/v1/trips', 'driver1', request);
  const checkIn = await ok('POST', '/v1/gates/KT/check-ins', 'operator1', { plate: request.vehicle.plate });
  expect(checkIn.trip.state).toBe('called');
  return { id: created.id, lane: checkIn.trip.laneId };
}

async function startedTrip(): Promise<{ id: string; lane: string }> {
  const c = await calledTrip();
  await ok('POST', `/v1/gates/KT/lanes/${c.lane}/arrive`, 'operator1', { tripId: c.id });
  await ok('POST', `/v1/gates/KT/lanes/${c.lane}/start`, 'operator1', { tripId: c.id });
  return c;
}

/** The operator cancels the trip: it leaves its lane, which the next example's truck needs. */
async function leave(ids: Ids): Promise<void> {
  await ok('POST', `/v1/trips/${ids.trip}/cancel`, 'operator1', { reason: 'example done' });
}

async function newUser(): Promise<string> {
  const u = await ok('POST', '/v1/admin/users', 'admin1', { username: `u${Date.now()}${Math.floor(Math.random() * 1000)}`, password: 'a-long-first-password', role: 'operator', displayName: 'Example' });
  return u.id;
}

async function booking(): Promise<string> {
  const tr = await trip();
  const b = await ok('POST', '/v1/bookings', 'driver1', { tripId: tr.id, slotStart: slotStart(9) });
  return b.id;
}

async function driverId(): Promise<string> {
  const user = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver2' } });
  const driver = await t.db.prisma.driver.findFirstOrThrow({ where: { userId: user.id } });
  return driver.id;
}

/** A display token of gate KT, whole (as the TV sends it), and its id. */
async function displayToken(): Promise<{ id: string; token: string }> {
  return ok('POST', '/v1/gates/KT/display-tokens', 'manager1', { name: 'example TV' });
}

/** A data-consumer key for the province feed, whole, and its id. */
async function dataConsumer(): Promise<{ id: string; key: string }> {
  return ok('POST', '/v1/admin/data-consumers', 'admin1', { name: 'example consumer' });
}

/** The slot of the waiting-list examples: tomorrow 09:00, exit, ordinary (the bookSlot example's slot). */
async function activeAtWaitlistSlot(): Promise<Array<{ id: string }>> {
  return t.db.prisma.slotBooking.findMany({ where: { slotStart: new Date(slotStart(9)), state: 'active', direction: 'exit', slotClass: 'ordinary' }, select: { id: true } });
}

/**
 * Makes the waiting-list slot full: its capacity in the plan becomes the bookings it already has
 * (one made first if none), so a trip may wait for it. Runs after every other booking example.
 */
async function fullWaitlistSlot(): Promise<void> {
  if ((await activeAtWaitlistSlot()).length === 0) await booking();
  const taken = (await activeAtWaitlistSlot()).length;
  const plan = structuredClone(ROUTES.publishCapacityPlan.examples!.body!) as any;
  for (const template of plan.templates) template.slots.exit.ordinary[9] = taken;
  await ok('PUT', '/v1/gates/KT/capacity-plan', 'manager1', plan);
}

/** Tomorrow at `hour`:00 in the gate's time (+07:00): a slot start ahead of any clock the test runs at. */
function slotStart(hour: number): string {
  const day = new Date(Date.now() + 7 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
  return `${day}T${String(hour).padStart(2, '0')}:00:00+07:00`;
}

/** Who sends each example, and what it needs first. In the order they run (some reuse what an earlier one made). */
/**
 * Routes merged into the table the same day as the examples, not yet given theirs: the list only
 * shrinks (a new route without examples fails the test below, and so does one given examples but
 * left here).
 */
const WITHOUT_EXAMPLES_YET = [] as const satisfies readonly RouteName[];
const withoutExamplesYet: readonly RouteName[] = WITHOUT_EXAMPLES_YET;

const RUNS: Omit<Record<RouteName, Run>, (typeof WITHOUT_EXAMPLES_YET)[number]> & Partial<Record<RouteName, Run>> = {
  login: { as: null },
  me: { as: 'driver1' },
  refreshSession: {
    as: null,
    prepare: async () => ({ refreshToken: (await ok('POST', '/v1/auth/login', null, { username: 'driver2', password: 'demo' })).refreshToken }),
  },
  logout: { as: 'driver2', prepare: async () => ({ token: (await ok('POST', '/v1/auth/login', null, { username: 'driver2', password: 'demo' })).token }) },
  listUsers: { as: 'admin1' },
  createUser: { as: 'admin1' },
  disableUser: { as: 'admin1', prepare: async () => ({ user: await newUser() }) },
  enableUser: {
    as: 'admin1',
    prepare: async () => {
      const user = await newUser();
      await ok('POST', `/v1/admin/users/${user}/disable`, 'admin1', { reason: 'example' });
      return { user };
    },
  },
  changeUserRole: { as: 'admin1', prepare: async () => ({ user: await newUser() }) },
  deleteUser: { as: 'admin1', prepare: async () => ({ user: await newUser() }) },
  listApiKeys: { as: 'fleetadmin1' },
  createApiKey: { as: 'fleetadmin1' },
  rotateApiKey: { as: 'fleetadmin1', prepare: async () => ({ apiKey: (await ok('POST', '/v1/company/api-keys', 'fleetadmin1', { name: 'x', scopes: ['trips:read'] })).id }) },
  revokeApiKey: { as: 'fleetadmin1', prepare: async () => ({ apiKey: (await ok('POST', '/v1/company/api-keys', 'fleetadmin1', { name: 'x', scopes: ['trips:read'] })).id }) },
  registerTrip: { as: 'driver1' },
  registerTripBatch: { as: 'driver1' },
  listTrips: { as: 'driver1' },
  readTrip: { as: 'driver1', prepare: async () => ({ trip: (await trip()).id }) },
  correctTrip: { as: 'driver1', prepare: async () => ({ trip: (await trip()).id }) },
  cancelTrip: { as: 'driver1', prepare: async () => ({ trip: (await trip()).id }) },
  tripPass: { as: 'driver1', prepare: async () => ({ trip: (await trip()).id }) },
  tripRevisions: {
    as: 'driver1',
    prepare: async () => {
      const tr = await trip();
      await ok('PATCH', `/v1/trips/${tr.id}`, 'driver1', { driver: { ...tr.driver, licenseNo: 'LC-FC-009999' }, reason: 'example' });
      return { trip: tr.id };
    },
  },
  readVehicle: { as: 'driver1' },
  authoriseVehicle: { as: 'driver1' },
  revokeVehicleAuthorisation: { as: 'driver1' },
  resolveVehicleOwner: { as: 'admin1' },
  listLanes: { as: 'operator1' },
  pauseLane: { as: 'operator1' },
  closeLane: { as: 'operator1' },
  openLane: { as: 'operator1' },
  laneMaintenance: { as: 'operator1' },
  checkIn: {
    as: 'operator1',
    // The example's truck (24C-123.45) is registered by the registerTrip example above.
    prepare: async () => ({}),
  },
  arriveAtLane: { as: 'operator1', prepare: async () => { const c = await calledTrip(); return { trip: c.id, lane: c.lane }; }, after: leave },
  startInspection: {
    as: 'operator1',
    prepare: async () => {
      const c = await calledTrip();
      await ok('POST', `/v1/gates/KT/lanes/${c.lane}/arrive`, 'operator1', { tripId: c.id });
      return { trip: c.id, lane: c.lane };
    },
    after: leave,
  },
  completeInspection: { as: 'operator1', prepare: async () => { const c = await startedTrip(); return { trip: c.id, lane: c.lane }; }, after: leave },
  readQueue: { as: 'operator1' },
  markNoShow: { as: 'operator1', prepare: async () => ({ trip: (await calledTrip()).id }) },
  releaseHold: {
    as: 'operator1',
    prepare: async () => {
      const c = await startedTrip();
      await ok('POST', `/v1/gates/KT/lanes/${c.lane}/complete`, 'operator1', { tripId: c.id, outcome: 'held', note: 'example' });
      return { trip: c.id };
    },
  },
  gateStats: { as: 'manager1' },
  readPolicy: { as: null },
  publishPolicy: { as: 'admin1' },
  simulationCatalog: {
    as: 'manager1',
    // What a simulation worker publishes when it starts (the API may not import the worker).
    prepare: async () => {
      const redis = new Redis(testRedisUrl());
      try {
        await redis.set(simCatalogKey(t.prefix), JSON.stringify(SIM_CATALOG));
      } finally {
        redis.disconnect();
      }
      return {};
    },
  },
  startSimulation: { as: 'manager1' },
  readSimulation: { as: 'manager1', prepare: async () => ({ simulation: made.simulation! }) },
  simulationReport: { as: 'manager1', elsewhere: 'needs a simulation worker to finish a run: simulators/traffic/src/simulation-worker.platform.test.ts' },
  startPlanWhatIf: {
    as: 'manager1',
    // One run at a time: the startSimulation example's run (no worker here) gives up its slot first.
    prepare: async () => {
      const redis = new Redis(testRedisUrl());
      try {
        await redis.del(simActiveKey(t.prefix));
      } finally {
        redis.disconnect();
      }
      return {};
    },
  },
  readPlanWhatIf: { as: 'manager1', prepare: async () => ({ simulation: made.planWhatIf! }) },
  publicWaits: { as: null },
  recordAgencyDecision: { as: 'customs1' },
  receiveAgencyDecisions: { as: null, elsewhere: 'needs the agency adapters and a signed body: agency/agency-examples.test.ts' },
  pollAgency: { as: 'operator1', elsewhere: 'needs the agency adapters: agency/agency-examples.test.ts' },
  agencyHealth: { as: 'operator1' },
  listDeadLetters: { as: 'operator1', elsewhere: 'needs the agency adapters: agency/agency-examples.test.ts' },
  redriveDeadLetters: { as: 'operator1', elsewhere: 'needs the agency adapters: agency/agency-examples.test.ts' },
  listAudit: { as: 'manager1' },
  exportAuditCsv: { as: 'manager1' },
  bookSlot: { as: 'driver1', prepare: async () => ({ trip: (await trip()).id }) },
  listBookings: { as: 'driver1' },
  rescheduleBooking: { as: 'driver1', prepare: async () => ({ booking: await booking() }) },
  cancelBooking: { as: 'driver1', prepare: async () => ({ booking: await booking() }) },
  bookingSuspension: { as: 'operator1', prepare: async () => ({ driver: await driverId() }) },
  waiveSuspension: { as: 'operator1', prepare: async () => ({ driver: await driverId() }) },
  readCapacityPlan: { as: 'operator1' },
  // The example's plan has no slots at night: the later examples' walk-in check-ins need this hour open, whatever the hour.
  publishCapacityPlan: { as: 'manager1', after: async () => void (await ok('PUT', '/v1/gates/KT/capacity-plan', 'manager1', everyHourPlan(100))) },
  slotUse: { as: 'manager1' },
  publicSlots: { as: null },
  pushDeviceEvent: { as: null, elsewhere: 'needs a device key and trips to read: devices/device-gateway.test.ts' },
  pushHikvisionEvent: { as: null, elsewhere: 'needs a device key and trips to read: devices/device-gateway.test.ts' },
  pushHikvisionIsapiEvent: { as: null, elsewhere: 'needs a device key and trips to read: devices/vendor-formats.test.ts' },
  pushDahuaEvent: { as: null, elsewhere: 'needs a device key and trips to read: devices/vendor-formats.test.ts' },
  listPlateConfirmations: { as: 'operator1' },
  decidePlateConfirmation: { as: 'operator1', elsewhere: 'needs a doubtful camera read: devices/device-gateway.test.ts' },
  gateDeviceHealth: { as: 'operator1' },
  listDevices: { as: 'admin1' },
  gateSignals: { as: 'operator1' },
  actSignalByHand: { as: 'operator1', elsewhere: 'needs a barrier that did not acknowledge: devices/signals/gate-signals.test.ts' },
  gateWeighings: { as: 'operator1' },
  createDevice: { as: 'admin1' },
  revokeDevice: { as: 'admin1', prepare: async () => ({ device: (await ok('POST', '/v1/admin/devices', 'admin1', { gate: 'KT', name: 'to revoke', kind: 'anpr', position: 'yard-entrance' })).id }) },
  testWebhook: {
    as: 'fleetadmin1',
    prepare: async () => ({ webhook: (await ok('POST', '/v1/company/webhooks', 'fleetadmin1', { url: receiverUrl, events: ['call-up'] })).id }),
  },
  webhookDeliveries: { as: 'fleetadmin1' },
  followCompanyFeed: { as: 'fleetadmin1', elsewhere: 'an open event stream never ends: live/company-feed.test.ts follows it' },
  listWebhooks: { as: 'fleetadmin1' },
  createWebhook: { as: 'fleetadmin1', prepare: async () => ({ webhookUrl: `${receiverUrl}/tms` }) },
  deleteWebhook: {
    as: 'fleetadmin1',
    prepare: async () => ({ webhook: (await ok('POST', '/v1/company/webhooks', 'fleetadmin1', { url: `${receiverUrl}/old`, events: ['hold'] })).id }),
  },
  readDemoFeeder: { as: 'admin1' },
  setDemoFeeder: { as: 'admin1' },
  createDisplayToken: { as: 'manager1' },
  listDisplayTokens: { as: 'manager1' },
  revokeDisplayToken: { as: 'manager1', prepare: async () => ({ displayToken: (await displayToken()).id }) },
  readCallUpBoard: {
    // The TV's display token, not a user's: the board shows the truck called here.
    as: null,
    prepare: async () => {
      const c = await calledTrip();
      return { trip: c.id, token: (await displayToken()).token };
    },
    after: leave,
  },
  vapidKey: { as: 'driver1' },
  subscribePush: { as: 'driver1', prepare: async () => ({ pushEndpoint: `${receiverUrl}/push/1` }) },
  unsubscribePush: {
    as: 'driver1',
    prepare: async () => {
      const body = { ...ROUTES.subscribePush.examples!.body!, endpoint: `${receiverUrl}/push/2` };
      return { pushSubscription: (await ok('POST', '/v1/push/subscriptions', 'driver1', body)).id };
    },
  },
  createDataConsumer: { as: 'admin1' },
  listDataConsumers: { as: 'admin1' },
  rotateDataConsumer: { as: 'admin1', prepare: async () => ({ dataConsumer: (await dataConsumer()).id }) },
  revokeDataConsumer: { as: 'admin1', prepare: async () => ({ dataConsumer: (await dataConsumer()).id }) },
  // The province's data platform sends its data-consumer key, not a user's token.
  provinceHourlyStats: { as: null, prepare: async () => ({ token: (await dataConsumer()).key }) },
  provinceTripEvents: { as: null, prepare: async () => ({ token: (await dataConsumer()).key }) },
  readSlotRelease: { as: 'driver1' },
  requestSlotRelease: {
    as: 'driver1',
    elsewhere: "collects only in the minutes after a day's release time (14 days ahead, 08:00): booking/slot-release-route.test.ts moves the release to this hour",
  },
  // Last of all: they shrink the capacity of the bookSlot example's hour to make it full.
  joinWaitlist: {
    as: 'driver1',
    prepare: async () => {
      await fullWaitlistSlot();
      return { trip: (await trip()).id };
    },
  },
  myWaitlist: { as: 'driver1' },
  leaveWaitlist: {
    as: 'driver1',
    prepare: async () => {
      const tr = await trip();
      return { waitlistEntry: (await ok('POST', '/v1/gates/KT/waitlist', 'driver1', { tripId: tr.id, slotStart: slotStart(9) })).id };
    },
  },
  acceptWaitlistOffer: {
    as: 'driver1',
    // A booking of the full hour is cancelled: its slot is offered to the first in line, the joinWaitlist example's trip.
    prepare: async () => {
      const [blocker] = await activeAtWaitlistSlot();
      await ok('POST', `/v1/bookings/${blocker!.id}/cancel`, 'operator1', { reason: 'example' });
      return { waitlistEntry: made.waitlistEntry! };
    },
  },
};

/** The example with placeholders swapped for real ids and times. */
function concrete<T>(value: T, ids: Ids): T {
  if (value === undefined) return value;
  let text = JSON.stringify(value);
  for (const [key, id] of Object.entries(ids)) {
    const placeholder = EXAMPLE_IDS[key as keyof typeof EXAMPLE_IDS];
    if (id) text = text.split(placeholder).join(id);
  }
  text = text.split(EXAMPLE_TIMES.slotStart).join(slotStart(9)).split(EXAMPLE_TIMES.otherSlotStart).join(slotStart(10));
  text = text.split(EXAMPLE_TIMES.date).join(slotStart(9).slice(0, 10));
  return JSON.parse(text) as T;
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const q = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
  return `?${q}`;
}

const routes = Object.entries(ROUTES) as [RouteName, AnyRoute][];

describe('route examples', () => {
  it('exist for every route: request parts it takes and the answer it gives', () => {
    const missing = routes.flatMap(([name, r]) => {
      const e = r.examples;
      if (!e) return withoutExamplesYet.includes(name) ? [] : [`${name}: no examples`];
      // Query parameters are optional or shown where they matter; path parameters, bodies and answers are always shown.
      return (['params', 'body', 'response'] as const).filter((part) => r[part] && e[part] === undefined).map((part) => `${name}: ${part}`);
    });
    expect(missing).toEqual([]);
    expect(withoutExamplesYet.filter((name) => (ROUTES[name] as AnyRoute).examples)).toEqual([]);
  });

  it('fit their own route schemas', () => {
    const wrong = routes.flatMap(([name, r]) => {
      const e = r.examples ?? {};
      return (['params', 'query', 'body', 'response'] as const).flatMap((part) => {
        const schema = r[part];
        const value = e[part];
        if (!schema || value === undefined) return [];
        const res = schema.safeParse(value);
        return res.success ? [] : [`${name}.${part}: ${res.error.issues.map((i: any) => `${i.path.join('.')} ${i.message}`).join('; ')}`];
      });
    });
    expect(wrong).toEqual([]);
  });

  it('include the probes, documented with the shapes they really answer', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/metrics']));
    expect(ZHealthzResponseSchema.safeParse((await t.call('GET', '/healthz')).body).success).toBe(true);
    expect(ZReadyzResponseSchema.safeParse((await t.call('GET', '/readyz')).body).success).toBe(true);
    expect(doc.paths['/metrics'].get.security).toEqual([{ metricsToken: [] }]);
    expect((await t.call('GET', '/metrics')).status).toBe(401);
    expect((await t.call('GET', '/metrics', { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } })).status).toBe(200);
    const page = await t.call('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.body).toContain('/readyz');
    expect(page.body).toContain('/asyncapi.json');
    expect(Object.keys(doc.webhooks).sort()).toEqual(['booking', 'call-up', 'hold', 'ping', 'release']);
    expect(doc.tags.map((tag: any) => tag.name)).toEqual(expect.arrayContaining([...new Set(Object.values(ROUTES).map((r) => r.tag))]));
  });

  it('are in /openapi.json, on the request body and the success answer', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    const op = doc.paths['/v1/trips'].post;
    expect(op.requestBody.content['application/json'].examples.example.value).toEqual(ROUTES.registerTrip.examples!.body);
    expect(op.responses['201'].content['application/json'].examples.example.value).toEqual(ROUTES.registerTrip.examples!.response);
    expect(doc.paths['/v1/trips/{tripId}'].get.parameters[0].example).toBe(EXAMPLE_IDS.trip);
  });

  it('routes answered in another test name a test file that calls their path', () => {
    const elsewhere = (Object.entries(RUNS) as [RouteName, Run][]).filter(([, run]) => run.elsewhere !== undefined);
    expect(elsewhere.length).toBeGreaterThan(0);
    for (const [name, run] of elsewhere) {
      const file = /([\w./-]+\.test\.ts)/.exec(run.elsewhere!)?.[1];
      expect(file, `${name}: the test file it is answered in`).toBeDefined();
      const text = readFileSync(file!.startsWith('simulators/') ? new URL(`../../../../${file}`, import.meta.url) : new URL(`../${file}`, import.meta.url), 'utf8');
      // By its path (`:param` segments match whatever the test puts there: `KT`, `${id}`) or its ROUTES entry.
      const path = new RegExp(`${ROUTES[name].path.replace(/[.]/g, '\\.').replace(/:\w+/g, '[^/\'"\`]+')}(?![\\w/-])`);
      expect(path.test(text) || text.includes(`ROUTES.${name},`), `${name}: ${file} calls ${ROUTES[name].path}`).toBe(true);
    }
  });

  for (const [name, run] of Object.entries(RUNS) as [RouteName, Run][]) {
    if (run.elsewhere !== undefined) continue;
    const route: AnyRoute = ROUTES[name];
    it(`${name}: ${route.method.toUpperCase()} ${route.path} answers ${route.status ?? 200} as ${run.as ?? 'anyone'}`, async () => {
      const e = route.examples ?? {};
      const prepared = (await run.prepare?.()) ?? {};
      const { token: spent, ...ids } = prepared;
      const path = routePath(route, concrete(e.params, ids)) + queryString(concrete(e.query, ids));
      const token = spent ?? (run.as ? await as(run.as) : undefined);
      const r = await t.call(route.method.toUpperCase(), path, { ...(token ? { token } : {}), ...(e.body !== undefined ? { body: concrete(e.body, ids) } : route.body ? { body: {} } : {}) });
      expect(r.status, JSON.stringify(r.body)).toBe(route.status ?? 200);
      if (route.response) {
        const parsed = route.response.safeParse(r.body);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
        captured[name] = r.body;
      }
      if (name === 'startSimulation') made.simulation = r.body.id;
      if (name === 'startPlanWhatIf') made.planWhatIf = r.body.id;
      if (name === 'joinWaitlist') made.waitlistEntry = r.body.id;
      await run.after?.(ids);
    }, 150_000);
  }

  it('testWebhook: the ping arrives signed at the endpoint, under the answered delivery id', async () => {
    await until('the ping', () => pings.includes((captured.testWebhook as any).deliveryId), 20_000);
    const deliveries = (await t.call('GET', '/v1/company/webhooks/deliveries', { token: await as('fleetadmin1') })).body.deliveries;
    expect(deliveries.map((d: any) => d.event)).toContain('ping');
    expect(pings).toContain((captured.testWebhook as any).deliveryId);
  });
});

beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      // Push notices to the subscribePush example's endpoint land here too: only webhooks have an id.
      if (req.headers['webhook-id']) pings.push(String(req.headers['webhook-id']));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  t = await startTestApi({ notify: { allowPrivateWebhooks: true, webhookBackoffMs: 100, outboxPollMs: 50 } });
}, 120_000);

afterAll(async () => {
  if (process.env.CAPTURE_EXAMPLES) writeFileSync(process.env.CAPTURE_EXAMPLES, JSON.stringify(captured, null, 2));
  receiver?.close();
  await t?.close();
});
