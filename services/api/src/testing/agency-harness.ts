/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * The platform with three agency adapters (VNACCS XML, EDIFACT, signed JSON
 * webhook) wired to a running customs-authority simulator, and the steps
 * tests take with it: register a trip, drive it through its lanes, sign a
 * request as an agency would. The authority is its own process by default
 * (authority-process.ts); simulators/customs-authority's tests pass their
 * in-process one to steer it.
 */
import { expect } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  AGENCY_SCHEMA_VERSION,
  formatVnDateTime,
  type AdapterKind,
  type Agency,
  type AgencyDecisionMessageInput,
} from '@borderflow/contracts';
import { signEnvelope, signRequest, type AgencyAdaptersConfigInput, type SigningKey } from '@borderflow/customs';
import { spawnAuthority, type AuthorityLink } from './authority-process.ts';
import { startTestApi, type TestApi } from './test-api.ts';
import { tripRequest } from './trip-fixtures.ts';

/** Adapter name → the simulator's profile, format and key. */
export const AGENCY_ADAPTERS = {
  'vn-customs': { profile: 'vnaccs', kind: 'vnaccs', agency: 'customs', key: { id: 'vnaccs-t1', secret: 'vnaccs-test-shared-secret-0001' } },
  'wco-customs': { profile: 'edifact', kind: 'edifact', agency: 'customs', key: { id: 'wco-t1', secret: 'edifact-test-shared-secret-0001' } },
  quarantine: { profile: 'quarantine', kind: 'webhook', agency: 'quarantine', key: { id: 'quarantine-t1', secret: 'quarantine-test-shared-secret-1' } },
} as const;
export type AdapterName = keyof typeof AGENCY_ADAPTERS;

/** The authority's configuration the harness starts it with (the simulator's AuthorityConfigInput, as JSON). */
export interface AuthorityTestConfig {
  latencyMs: { min: number; max: number };
  decisionDelayMs: { min: number; max: number };
  channelRatios: { green: number; yellow: number; red: number };
  physicalShare: number;
  duplicateRate: number;
  amendmentRate: number;
  profiles: Array<{
    name: string; kind: AdapterKind; agency: Agency; systemId: string;
    keys: Array<{ id: string; secret: string }>; decides: boolean; poll: boolean;
  }>;
}

export interface AgencyHarness<A extends AuthorityLink = AuthorityLink> {
  t: TestApi;
  authority: A;
  driver: string;
  operator: string;
  register(overrides?: Parameters<typeof tripRequest>[0]): Promise<any>;
  trip(id: string): Promise<any>;
  /** Checks the truck in and works every lane it is called to until it is `until` (default crossed). */
  drive(tripId: string, plate: string, until?: string): Promise<any>;
  /** Works every lane the (checked-in) truck is called to until it is `until`. */
  work(tripId: string, until?: string): Promise<any>;
  /** Headers an agency would sign a body with (its key, or another one; `at` = signing time). */
  sign(adapter: AdapterName, body: string, options?: { key?: SigningKey; at?: number }): Record<string, string>;
  decision(overrides: Partial<AgencyDecisionMessageInput> & { declarationKey: string }): AgencyDecisionMessageInput;
  close(): Promise<void>;
}

/** The quarantine adapter's key as a signing key (the JSON webhook's). */
export const QUARANTINE_KEY = { id: AGENCY_ADAPTERS.quarantine.key.id, secret: Buffer.from(AGENCY_ADAPTERS.quarantine.key.secret), notAfter: null };

/**
 * A quarantine decision as the JSON webhook carries it: a signed envelope.
 * @example await h.t.call('POST', '/v1/agencies/quarantine/decisions', { raw: quarantineWebhookBody(decision), headers });
 */
export function quarantineWebhookBody(payload: AgencyDecisionMessageInput): string {
  return JSON.stringify(
    signEnvelope(
      {
        messageId: randomUUID(), correlationId: 'test', schemaVersion: AGENCY_SCHEMA_VERSION, kind: 'agency_decision',
        sentAt: formatVnDateTime(Date.now()), sender: 'quarantine-system', receiver: 'borderflow.kt', gateCode: 'KT', payload,
      },
      QUARANTINE_KEY,
    ),
  );
}

/**
 * Polls until `check` holds (the adapters deliver asynchronously).
 * @example await until('the notice', () => authority.received.trip(id).length > 0);
 */
export async function until(what: string, check: () => unknown, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The authority every test adapter talks to: each adapter's profile, deciding nothing by itself. */
export const AUTHORITY_TEST_CONFIG: AuthorityTestConfig = {
  latencyMs: { min: 0, max: 0 },
  decisionDelayMs: { min: 0, max: 0 },
  channelRatios: { green: 0, yellow: 0, red: 1 },
  physicalShare: 0,
  duplicateRate: 0,
  amendmentRate: 0,
  profiles: Object.values(AGENCY_ADAPTERS).map((a) => ({
    name: a.profile, kind: a.kind, agency: a.agency, systemId: `${a.profile}-system`, keys: [a.key],
    decides: false, poll: a.kind === 'vnaccs',
  })),
};

/** The adapters' configuration pointing at an authority at `authorityUrl`. */
export function testAdaptersConfig(authorityUrl: string): AgencyAdaptersConfigInput {
  return {
    systemId: 'borderflow.kt',
    adapters: Object.entries(AGENCY_ADAPTERS).map(([name, a]) => ({
      name, kind: a.kind, agency: a.agency, gates: ['KT'], receiver: `${a.profile}-system`,
      url: `${authorityUrl}/inbox/${a.profile}`, keys: [a.key],
      ...(a.kind === 'vnaccs' ? { polling: { url: `${authorityUrl}/poll/${a.profile}`, intervalMs: 3_600_000 } } : {}),
      delivery: { attempts: 5, backoffMs: 20, maxBackoffMs: 200, cooldownMs: 200, probeTimeoutMs: 1000, timeoutMs: 5000 },
    })),
  };
}

/**
 * The customs-authority simulator in its own process with the test profiles, and the adapters'
 * configuration pointing at it. `port`: start it again where a stopped one was (an outage test).
 *
 * @example
 * const { authority, config } = await startTestAuthority();
 */
export async function startTestAuthority(port = 0): Promise<{ authority: AuthorityLink; config: AgencyAdaptersConfigInput }> {
  const authority = await spawnAuthority(AUTHORITY_TEST_CONFIG, { port });
  return { authority, config: testAdaptersConfig(authority.url) };
}

/**
 * @example
 * const h = await startAgencyHarness();                        // the authority in its own process
 * const h2 = await startAgencyHarness(startCustomsAuthority);  // in process (simulators/customs-authority's tests)
 * const trip = await h.register();
 * await h.close();
 */
export async function startAgencyHarness<A extends AuthorityLink = AuthorityLink>(
  startAuthority: (config: AuthorityTestConfig) => Promise<A> = (config) => spawnAuthority(config) as Promise<A>,
): Promise<AgencyHarness<A>> {
  const authority = await startAuthority(AUTHORITY_TEST_CONFIG);
  const config = testAdaptersConfig(authority.url);
  const t = await startTestApi({ agencies: config, timerIntervalMs: 100 });
  for (const [name, a] of Object.entries(AGENCY_ADAPTERS)) authority.setCallbackUrl?.(a.profile, `${t.url}/v1/agencies/${name}/decisions`);
  const [driver, operator, admin] = await Promise.all([t.token('driver1'), t.token('operator1'), t.token('admin1')]);
  // Crossing unpaced, so a cleared truck crosses on the next timer tick.
  const current = (await t.call('GET', '/v1/gates/KT/policy')).body.policy;
  await t.call('PUT', '/v1/gates/KT/policy', { token: admin, body: { ...current, crossCapPerHour: { exit: 0, entry: 0 } } });

  const trip = async (id: string) => (await t.call('GET', `/v1/trips/${id}`, { token: operator })).body;
  const op = async (path: string, body: Record<string, unknown>) => {
    const r = await t.call('POST', `/v1/gates/KT${path}`, { token: operator, body });
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };

  async function work(tripId: string, until_ = 'crossed'): Promise<any> {
    for (let step = 0; step < 200; step++) {
      const now = await trip(tripId);
      if (now.state === until_) return now;
      if (now.state === 'called') {
        await op(`/lanes/${now.laneId}/arrive`, { tripId });
        await op(`/lanes/${now.laneId}/start`, { tripId });
        await op(`/lanes/${now.laneId}/complete`, { tripId, outcome: 'cleared' });
      } else {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    throw new Error(`trip ${tripId} did not reach ${until_}: ${JSON.stringify(await trip(tripId))}`);
  }

  return {
    t,
    authority,
    driver,
    operator,
    trip,
    work,
    async register(overrides = {}) {
      const r = await t.call('POST', '/v1/trips', { token: driver, body: tripRequest(overrides) });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    },
    async drive(tripId, plate, until_ = 'crossed') {
      await op('/check-ins', { plate });
      return work(tripId, until_);
    },
    sign(adapter, body, options = {}) {
      const key = options.key ?? { id: AGENCY_ADAPTERS[adapter].key.id, secret: Buffer.from(AGENCY_ADAPTERS[adapter].key.secret), notAfter: null };
      return { 'content-type': 'application/json', ...signRequest(key, body, options.at ?? Date.now()) };
    },
    decision(overrides) {
      return {
        agency: 'customs', amendment: 0, status: 'channel_assigned', decidedAt: formatVnDateTime(Date.now()),
        channel: { code: '3', color: 'red' }, inspectionModes: ['xray'], holds: [], ...overrides,
      };
    },
    async close() {
      await t.close();
      await authority.close();
    },
  };
}
