/**
 * services/customs' outbound delivery against this simulator, real Redis,
 * real BullMQ: an outage of the authority under load, and a dead letter
 * re-driven by an operator. Durations are short: the authority runs at
 * 200× simulated speed, so its scheduled 5-minute outage lasts 1.5 seconds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { testRedis, type TestRedis } from '@borderflow/testkit/testing';
import { formatVnDateTime, type GateEventMessage } from '@borderflow/contracts';
import { parseAdaptersConfig, startAgencyAdapters, type AgencyAdapters } from '@borderflow/customs';
import { startCustomsAuthority, type CustomsAuthority } from './authority-server.ts';

const KEY = { id: 'q-test-1', secret: 'quarantine-test-shared-secret' };
const logger = pino({ level: 'silent' });

let t: TestRedis;
let authority: CustomsAuthority;
let agencies: AgencyAdapters;

afterEach(async () => {
  await agencies?.close();
  await authority?.close();
  await t?.cleanup();
});

async function setUp(outages: Array<{ startMs: number; durationMs: number }>) {
  t = testRedis();
  authority = await startCustomsAuthority({
    speed: 200,
    latencyMs: { min: 0, max: 0 },
    outages,
    profiles: [{ name: 'quarantine', kind: 'webhook', agency: 'quarantine', systemId: 'vn-plant-quarantine', keys: [KEY], decides: false }],
  });
  const config = parseAdaptersConfig({
    systemId: 'borderflow.kt',
    adapters: [
      {
        name: 'quarantine', kind: 'webhook', agency: 'quarantine', gates: ['KT'], receiver: 'vn-plant-quarantine',
        url: `${authority.url}/inbox/quarantine`, keys: [KEY],
        delivery: { attempts: 4, backoffMs: 20, maxBackoffMs: 100, concurrency: 16, timeoutMs: 2000, failureThreshold: 3, cooldownMs: 100, probeTimeoutMs: 1000 },
      },
    ],
  });
  agencies = startAgencyAdapters({ redis: t.redis, prefix: t.prefix, config, logger, repairEveryMs: 200 });
}

function gateEvent(tripId: string, n: number): GateEventMessage {
  return {
    type: 'inspection_started', stage: 'documents', eventId: `KT:${tripId}-${n}`, tripId, occurredAt: formatVnDateTime(Date.now()),
    plate: '24C12345', trailerPlate: null, laneId: 'KT-X1', declarationKeys: ['30512345678'],
  };
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('outbound delivery through BullMQ to the authority', () => {
  it('survives a 5-minute outage under load: every message delivered, once in effect, in per-trip order', async () => {
    // Down from the start for 5 simulated minutes (1.5 s here) while 400 messages of 40 trips are accepted.
    await setUp([{ startMs: 0, durationMs: 5 * 60_000 }]);
    const trips = Array.from({ length: 40 }, (_, i) => `trip-${i}`);
    for (let n = 0; n < 10; n++) {
      await Promise.all(trips.map((trip) => agencies.sendGateEvent('KT', gateEvent(trip, n))));
    }
    const runtime = agencies.get('quarantine')!;
    await until('the breaker to open', async () => (await runtime.delivery.breaker.status()).state !== 'closed');

    await until('every message delivered', async () => (await runtime.delivery.outbox.counts()).backlog === 0);
    const health = (await agencies.health()).adapters[0]!;
    expect(health).toMatchObject({ backlog: 0, deadLetters: 0, delivered: 400, status: 'ok' });
    expect(health.breaker.state).toBe('closed');
    // Probes failed during the outage and re-opened it; nothing got through before it ended.
    expect(health.breaker.opened).toBeGreaterThanOrEqual(2);
    expect(Math.min(...authority.received.all().map((m) => m.receivedAt))).toBeGreaterThanOrEqual(authority.clock.startedAt + authority.config.outages[0]!.durationMs);

    expect(authority.received.unique).toBe(400);
    for (const trip of trips) {
      const got = authority.received.trip(trip).map((m) => m.eventId);
      expect(got).toEqual(Array.from({ length: 10 }, (_, n) => `KT:${trip}-${n}`));
    }
    // Accepting the same event again (a re-read stream entry) is recognised: nothing is sent twice.
    const again = await agencies.sendGateEvent('KT', gateEvent('trip-0', 0));
    expect(again[0]!.accepted).toBe(false);
  });

  it('dead-letters a refused message, holds its trip behind it, and delivers all in order after a re-drive', async () => {
    await setUp([]);
    authority.refuse({ tripIds: ['trip-bad'] });
    const runtime = agencies.get('quarantine')!;
    for (let n = 0; n < 3; n++) {
      await agencies.sendGateEvent('KT', gateEvent('trip-bad', n));
      await agencies.sendGateEvent('KT', gateEvent('trip-ok', n));
    }
    await until('a dead letter', async () => (await runtime.delivery.outbox.counts()).deadLetters === 1);
    await until('the other trip delivered', () => authority.received.trip('trip-ok').length === 3);
    const counts = await runtime.delivery.outbox.counts();
    expect(counts).toMatchObject({ deadLetters: 1, blockedTrips: 1, backlog: 2 });
    const [dead] = (await runtime.delivery.outbox.deadLetters()).messages;
    expect(dead).toMatchObject({ order: 'trip-bad', attempts: 1 });
    expect(dead!.error).toContain('HTTP 422');
    expect(authority.received.trip('trip-bad')).toEqual([]);
    expect((await agencies.health()).adapters[0]).toMatchObject({ status: 'degraded', breaker: { state: 'closed' } });

    authority.refuse(null);
    expect(await runtime.delivery.redrive()).toEqual({ redriven: [dead!.id], notFound: [] });
    await until('the parked trip delivered', () => authority.received.trip('trip-bad').length === 3);
    expect(authority.received.trip('trip-bad').map((m) => m.eventId)).toEqual(['KT:trip-bad-0', 'KT:trip-bad-1', 'KT:trip-bad-2']);
    expect(await runtime.delivery.outbox.counts()).toMatchObject({ backlog: 0, deadLetters: 0, blockedTrips: 0, delivered: 6 });
  });
});
