/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * The RBAC matrix: every documented route (read from the served /openapi.json,
 * so a route another engineer adds is covered the day it is added) × every role
 * (anonymous, a driver, another company's driver, operator, manager, admin, each
 * agency) gets the status the one permission table (permissions.ts) implies,
 * against the real server; likewise every Socket.IO /live room. A pinned copy of
 * the table makes loosening a row a deliberate, reviewed change of this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import bcrypt from 'bcryptjs';
import type { PrincipalRole } from '@borderflow/contracts';
import type { TestApi } from '../testing/test-api.ts';
import { startAgencyHarness, until, type AgencyHarness } from '../testing/agency-harness.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';
import { allows, PERMISSIONS, SCOPE_OF, type Permission } from './permissions.ts';

/** A caller of the matrix: a seeded (or created) user, or nobody. */
interface Caller {
  name: string;
  username: string | null;
  role: PrincipalRole | undefined;
  /** Calls with a key, not a login: the province's data consumer (its key is issued in beforeAll). */
  consumerKey?: true;
  /** Another company's driver: must never see or touch driver1's trip. */
  foreign?: boolean;
}

const CALLERS: Caller[] = [
  { name: 'anonymous', username: null, role: undefined },
  { name: 'driver (owner)', username: 'driver1', role: 'driver' },
  { name: "another company's driver", username: 'driver2', role: 'driver', foreign: true },
  { name: 'operator', username: 'operator1', role: 'operator' },
  { name: 'manager', username: 'manager1', role: 'manager' },
  { name: 'admin', username: 'admin1', role: 'admin' },
  { name: 'customs', username: 'customs1', role: 'agency' },
  { name: 'quarantine', username: 'quarantine1', role: 'agency' },
  { name: 'border guard', username: 'borderguard1', role: 'agency' },
  { name: 'far side', username: 'farside1', role: 'agency' },
  { name: 'data consumer (province)', username: null, role: 'data-consumer', consumerKey: true },
];

/** Agency accounts the matrix needs; created here when the seed lacks them. */
const AGENCY_ACCOUNTS = [
  { username: 'customs1', agency: 'customs' },
  { username: 'quarantine1', agency: 'quarantine' },
  { username: 'borderguard1', agency: 'border_guard' },
  { username: 'farside1', agency: 'far_side' },
];

/**
 * The table as reviewed. The matrix below derives its expectations from
 * PERMISSIONS, so it proves the code obeys the table; this copy proves the table
 * itself was not loosened by accident. Changing who may do something means
 * changing both, in one reviewed commit.
 */
const REVIEWED: Record<string, string> = {
  'auth.login': 'public',
  'auth.me': 'authenticated',
  'trip.register': 'driver',
  // Many registrations in one call (issue 13): each one exactly as trip.register, so the same row.
  'trip.register-batch': 'driver',
  'trip.list': 'admin driver manager operator',
  'trip.read': 'admin driver manager operator',
  'trip.correct': 'driver',
  'trip.cancel': 'admin driver operator',
  'trip.pass': 'admin driver manager operator',
  'trip.revisions': 'admin driver manager operator',
  'gate.check-in': 'admin operator',
  'gate.queue': 'admin manager operator',
  'gate.no-show': 'admin operator',
  'gate.release-hold': 'admin operator',
  'lane.list': 'admin manager operator',
  'lane.command': 'admin operator',
  'gate.stats': 'admin manager',
  'policy.read': 'public',
  'policy.write': 'admin',
  'simulation.run': 'admin manager',
  'audit.read': 'admin manager',
  'agency.decide': 'agency',
  'agency.webhook': 'public',
  'agency.poll': 'admin operator',
  'agency.health': 'admin manager operator',
  'agency.dead-letters': 'admin operator',
  'public.waits': 'public',
  'live.gate': 'admin manager operator',
  'live.trip': 'admin driver manager operator',
  // Rows being added on other branches (sessions, admin users, vehicles), as reviewed there.
  'auth.refresh': 'public',
  'auth.logout': 'authenticated',
  'user.list': 'admin',
  'demo-feeder.read': 'admin',
  'demo-feeder.write': 'admin',
  'user.create': 'admin',
  'user.disable': 'admin',
  'user.enable': 'admin',
  'user.role': 'admin',
  'user.delete': 'admin',
  'vehicle.read': 'admin driver manager operator',
  'vehicle.authorise': 'admin driver',
  'vehicle.resolve-dispute': 'admin',
  // Slot booking (issue 12).
  'booking.create': 'driver',
  'booking.list': 'driver',
  'booking.reschedule': 'driver',
  'booking.cancel': 'admin driver operator',
  'booking.suspension': 'admin manager operator',
  'booking.waive': 'admin operator',
  'waitlist.join': 'driver',
  'waitlist.list': 'driver',
  'waitlist.accept': 'driver',
  'waitlist.leave': 'driver',
  'release.request': 'driver',
  'release.read': 'driver',
  'booking.stats': 'admin manager',
  'capacity-plan.read': 'admin manager operator',
  'capacity-plan.write': 'admin manager',
  // A draft plan through the simulator before it is published (issue 12, item 10): whoever may publish.
  'capacity-plan.what-if': 'admin manager',
  'public.slots': 'public',
  // A company's API keys (issue 13): company members pass the role gate; the handler admits its administrator only.
  'apikey.list': 'driver',
  'apikey.create': 'driver',
  'apikey.rotate': 'driver',
  'apikey.revoke': 'driver',
  // The yard's LED board (issue 12, item 6): no role opens the board itself, only a display token (checked in the handler).
  'display-token.list': 'admin manager',
  'display-token.create': 'admin manager',
  'display-token.revoke': 'admin manager',
  'display.board': 'public',
  // A company's webhooks (issue 12, item 6): like its API keys, members pass the role gate; the handler admits its administrator only.
  'webhook.list': 'driver',
  'webhook.create': 'driver',
  'webhook.delete': 'driver',
  'webhook.deliveries': 'driver',
  'webhook.test': 'driver',
  // Barriers, lane lights and the weighbridge: the gate's people see them; acting by hand on a device that
  // did not acknowledge is the operators' (admin for support), never a driver's or a manager's.
  'signal.read': 'admin manager operator',
  'signal.manual': 'admin operator',
  'weighing.read': 'admin manager operator',
  // Web Push (issue 12, item 6): a driver's own browsers only.
  'push.key': 'driver',
  'push.subscribe': 'driver',
  'push.unsubscribe': 'driver',
  // The province's data platform (issue 17 item 3): its key opens the province rows and nothing else; admins issue keys.
  'province.stats': 'data-consumer',
  'province.events': 'data-consumer',
  'data-consumer.list': 'admin',
  'data-consumer.create': 'admin',
  'data-consumer.rotate': 'admin',
  'data-consumer.revoke': 'admin',
  // Gate devices (issue 17): the push routes take a device key only (checked by the handler, which logs refusals raw).
  'device.push': 'public',
  'device.health': 'admin manager operator',
  'device.plate-confirmations': 'admin manager operator',
  'device.plate-confirm': 'admin operator',
  'device.list': 'admin',
  'device.create': 'admin',
  'device.revoke': 'admin',
  // A company's whole feed (issue 13 item 4), over /live and SSE: members pass the role gate; the handler admits
  // its administrators, dispatchers and keys with trips:read.
  'live.company': 'driver',
};

const describeAccess = (p: Permission): string => {
  const access = PERMISSIONS[p] as unknown;
  return Array.isArray(access) ? [...(access as string[])].sort().join(' ') : String(access);
};

interface DocRoute {
  method: string;
  path: string;
  permission: Permission;
}

let harness: AgencyHarness;
let t: TestApi;
let routes: DocRoute[];
let tripId: string;
/** The plate of that trip: a vehicle of driver1's company. */
let plate: string;
const tokens = new Map<string, string>();
/** The data consumer's key (bfd_…), sent as the bearer token. */
let consumerKey: string;

/** A caller's token; `fresh` logs in again (a route such as logout may have revoked the cached one). */
async function tokenOf(username: string, fresh = false): Promise<string> {
  if (!fresh && tokens.has(username)) return tokens.get(username)!;
  const r = await t.call('POST', '/v1/auth/login', { body: { username, password: 'demo' } });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  tokens.set(username, r.body.token);
  return r.body.token as string;
}

/** Real values for the path parameters, so the handler (and its ownership check) is reached. */
function concretePath(path: string): string {
  const values: Record<string, string> = { gate: 'KT', tripId, plate, laneId: 'KT-X1', adapter: 'vn-customs' };
  // Any other parameter gets an id of nothing: the role guard runs before any lookup.
  return path.replace(/\{([A-Za-z0-9_]+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? '00000000-0000-4000-8000-000000000000'));
}

beforeAll(async () => {
  // With the agency adapters configured, so their routes reach their handlers (signature checks, polling).
  harness = await startAgencyHarness();
  t = harness.t;
  const hash = await bcrypt.hash('demo', 4);
  for (const a of AGENCY_ACCOUNTS) {
    const existing = await t.db.prisma.user.findUnique({ where: { username: a.username } });
    if (!existing) {
      await t.db.prisma.user.create({
        data: { username: a.username, passwordHash: hash, role: 'agency', displayName: a.username, agency: a.agency },
      });
    }
  }
  const request = tripRequest();
  plate = request.vehicle.plate;
  const trip = await t.call('POST', '/v1/trips', { token: await tokenOf('driver1'), body: request });
  expect(trip.status, JSON.stringify(trip.body)).toBe(201);
  tripId = trip.body.id;
  const issued = await t.call('POST', '/v1/admin/data-consumers', { token: await tokenOf('admin1'), body: { name: 'matrix LGSP' } });
  expect(issued.status, JSON.stringify(issued.body)).toBe(201);
  consumerKey = issued.body.key;
  const doc = (await t.call('GET', '/openapi.json')).body;
  // The probes outside /v1 (/healthz, /readyz, /metrics) are no rows of the table: metrics-access.ts guards /metrics.
  routes = Object.entries(doc.paths as Record<string, Record<string, any>>).filter(([path]) => path.startsWith('/v1/')).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, permission: op['x-permission'] as Permission })),
  );
}, 60_000);
afterAll(() => harness?.close());

describe('the permission table', () => {
  it('is the reviewed one (a loosened or unreviewed row fails here until this file is changed with it)', () => {
    const actual = Object.fromEntries(Object.keys(PERMISSIONS).map((p) => [p, describeAccess(p as Permission)]));
    // Rows reviewed here but not (yet) in the table are left out: a route without its row fails below anyway.
    const reviewed = Object.fromEntries(
      Object.entries(REVIEWED).filter(([p]) => p in PERMISSIONS).map(([p, r]) => [p, r.split(' ').sort().join(' ')]),
    );
    expect(actual).toEqual(reviewed);
  });

  it('names a row for every documented route, and every row but the live rooms guards a route', () => {
    expect(routes.length).toBeGreaterThan(20);
    const rows = new Set(Object.keys(PERMISSIONS));
    expect(routes.filter((r) => !rows.has(r.permission)).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const used = new Set(routes.map((r) => r.permission));
    expect([...rows].filter((p) => !p.startsWith('live.') && !used.has(p as Permission))).toEqual([]);
  });

  it('documents the same access it enforces (security scheme and description)', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    for (const r of routes) {
      const op = doc.paths[r.path][r.method.toLowerCase()];
      // A signed-in route takes a person's token; an API key too where its scope opens the row.
      const scope = SCOPE_OF[r.permission];
      expect(op.security, `${r.method} ${r.path}`).toEqual(PERMISSIONS[r.permission] === 'public' ? [] : [{ bearerAuth: [] }, ...(scope ? [{ apiKey: [scope] }] : [])]);
    }
  });
});

describe('every route × every role', () => {
  it('answers as the table says: 401 anonymous, 403 outside the row, neither inside it; another company never sees the trip', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      const access = PERMISSIONS[route.permission];
      const path = concretePath(route.path);
      const statuses = new Map<string, number>();
      for (const caller of CALLERS) {
        const send = async (fresh: boolean) => {
          const token = caller.consumerKey ? consumerKey : caller.username ? await tokenOf(caller.username, fresh) : undefined;
          // `{}` reaches validation (400) without side effects wherever a body is required.
          const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
          return t.call(route.method, path, { token, body });
        };
        let r = await send(false);
        // An earlier route (logout, a revocation) may have ended this caller's session: sign in again once.
        if (r.status === 401 && caller.username) r = await send(true);
        statuses.set(caller.name, r.status);
        const where = `${route.method} ${route.path} as ${caller.name} → ${r.status}`;
        if (r.status >= 500) mismatches.push(`${where}: a 5xx`);
        if (access === 'public') continue;
        if (!caller.role) {
          if (r.status !== 401) mismatches.push(`${where}: expected 401`);
        } else if (!allows(route.permission, caller.role)) {
          if (r.status !== 403) mismatches.push(`${where}: expected 403 (not in row ${route.permission})`);
        } else if (r.status === 401 || (r.status === 403 && !(caller.foreign && r.body?.error?.field) && r.body?.error?.field !== 'companyRole')) {
          // Another company's driver may be refused by the handler's ownership check (a 403 naming the field
          // it cannot have, e.g. vehicle.plate); the role guard's own 403 names no field. A company's own
          // rows (API keys) refuse members who are not its administrator with a 403 naming companyRole.
          mismatches.push(`${where}: expected to pass the guard of ${route.permission}`);
        }
        if (caller.foreign && allows(route.permission, caller.role)) {
          if (route.path.includes('{tripId}')) {
            // Someone else's trip looks exactly like a missing one; a body that fails validation first is also fine.
            const ok = r.status === 404 || (route.method !== 'GET' && r.status === 400);
            if (!ok) mismatches.push(`${where}: expected 404 for another company's trip`);
          }
          if (r.status < 300 && JSON.stringify(r.body).includes(tripId)) mismatches.push(`${where}: leaks another company's trip`);
        }
      }
      // A public route does not care who calls: the same answer for everybody, and never 403.
      if (access === 'public') {
        const distinct = new Set(statuses.values());
        if (distinct.size !== 1 || distinct.has(403)) {
          mismatches.push(`${route.method} ${route.path} (public): answers differ by caller ${JSON.stringify(Object.fromEntries(statuses))}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 240_000);
});

describe('every /live room × every role', () => {
  /** How to ask for each live room; a new live.* row fails the test below until it is added here. */
  const ROOMS: Record<string, () => Record<string, string | boolean>> = {
    'live.gate': () => ({ gate: 'KT' }),
    'live.trip': () => ({ tripId }),
    'live.company': () => ({ company: true }),
  };
  /**
   * Rows that also need a company role no caller here has (administrator, dispatcher, or a key): every caller is
   * refused (FORBIDDEN); live/company-feed.test.ts lets those roles in.
   */
  const COMPANY_ROLE_ROWS = new Set(['live.company']);

  it('has a probe for every live.* row of the table', () => {
    expect(Object.keys(ROOMS).sort()).toEqual(Object.keys(PERMISSIONS).filter((p) => p.startsWith('live.')).sort());
  });

  it('refuses a socket without a token', async () => {
    await expect(t.socket('')).rejects.toMatchObject({ message: 'UNAUTHENTICATED' });
    await expect(t.socket('not-a-jwt')).rejects.toMatchObject({ message: 'UNAUTHENTICATED' });
  });

  it('lets into each room exactly the roles of its row, and never another company into the trip room', async () => {
    const mismatches: string[] = [];
    for (const caller of CALLERS.filter((c) => c.username)) {
      const socket = await t.socket(await tokenOf(caller.username!));
      // A refused request must not get its snapshot either (the server sends it before the ack).
      let snapshots = 0;
      let granted = 0;
      socket.on('snapshot', () => snapshots++);
      try {
        for (const [permission, request] of Object.entries(ROOMS)) {
          const expected = allows(permission as Permission, caller.role) && !(caller.foreign && permission === 'live.trip') && !COMPANY_ROLE_ROWS.has(permission);
          // `resync` also sends a whole snapshot: it must be guarded exactly like `subscribe`.
          for (const event of ['resync', 'subscribe']) {
            const ack: any = await socket.timeout(10_000).emitWithAck(event, request());
            const where = `${event} ${permission} as ${caller.name}`;
            if (ack.ok) granted++;
            if (ack.ok !== expected) mismatches.push(`${where}: ok=${ack.ok} ${JSON.stringify(ack.error ?? '')}`);
            if (!ack.ok && !['FORBIDDEN', 'NOT_FOUND'].includes(ack.error?.code)) mismatches.push(`${where}: refused with ${ack.error?.code}`);
          }
        }
        // Snapshots may trail their acks a little; wait for the granted ones, then none may be extra.
        await until('the granted snapshots', () => snapshots >= granted, 10_000).catch(() => undefined);
        if (snapshots !== granted) mismatches.push(`${caller.name}: ${snapshots} snapshots for ${granted} granted requests`);
      } finally {
        socket.disconnect();
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);
});
