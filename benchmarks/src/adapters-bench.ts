/**
 * `npm run bench -- adapters`: the agency adapters' two figures.
 *   - outbound_msg_per_s: gate events accepted into an adapter's outbox and
 *     delivered through its BullMQ queue (per-trip order, breaker, signatures)
 *     to the customs-authority simulator running in its own process; from the
 *     first accept to the last delivery, for the JSON webhook and VNACCS XML.
 *   - decision_p99_ms: a signed decision POSTed to the platform (its own
 *     process) until the answer, which is sent once the decision is stored and
 *     the trip's stages are changed in the scheduler; live trips, decisions
 *     arriving open-loop at DECISION_RATE per second (each sent at its time,
 *     whether or not earlier ones were answered), so queueing shows in the p99.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  AGENCY_SCHEMA_VERSION,
  declarationAmendment,
  declarationKey,
  formatVnDateTime,
  type AdapterKind,
  type GateEventMessage,
} from '@borderflow/contracts';
import {
  httpRequest,
  parseAdaptersConfig,
  signEnvelope,
  signRequest,
  startAgencyAdapters,
  type AgencyAdaptersConfigInput,
} from '@borderflow/customs';
import { createLogger } from '@borderflow/api';
import { deleteKeysWithPrefix } from '@borderflow/testkit/testing';
import { spawnAuthority, type AuthorityProcess } from './authority-process.ts';
import { startBenchPlatform } from './bench-platform.ts';
import { openBenchRedis } from './bench-redis.ts';
import { summarizeLatencies } from './latency.ts';
import { treeCpuMs } from './process-cpu.ts';
import { recordResult } from './record-result.ts';
import { uniqueTripFactory } from './unique-trips.ts';

const TRIPS = Number(process.env.BENCH_TRIPS ?? 300);
const PER_TRIP = Number(process.env.BENCH_PER_TRIP ?? 10);
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 200);
/** Decisions per second offered (a busy gate sees a few per minute). */
const DECISION_RATE = Number(process.env.BENCH_DECISION_RATE ?? 10);
const KEY = { id: 'bench-k1', secret: 'benchmark-shared-secret-0123456789' };
const SIGNING_KEY = { id: KEY.id, secret: Buffer.from(KEY.secret), notAfter: null };
const logger = createLogger({ LOG_LEVEL: 'silent' });

const adapterConfig = (kind: AdapterKind, agency: 'customs' | 'quarantine', authorityUrl: string): AgencyAdaptersConfigInput['adapters'] => [
  {
    name: `bench-${kind}`, kind, agency, gates: ['KT'], receiver: 'bench-authority', url: `${authorityUrl}/inbox/bench-${kind}`, keys: [KEY],
    delivery: { concurrency: 64, attempts: 5, backoffMs: 50, timeoutMs: 10_000 },
  },
];

function gateEvent(trip: number, n: number, run: string): GateEventMessage {
  return {
    type: n % 2 === 0 ? 'inspection_started' : 'inspection_done', ...(n % 2 === 0 ? {} : { result: 'cleared' as const }),
    stage: 'documents', eventId: `KT:${run}-${trip}-${n}`, tripId: `bench-${run}-${trip}`, occurredAt: formatVnDateTime(Date.now()),
    plate: '24C12345', trailerPlate: null, laneId: 'KT-X1', declarationKeys: ['30512345678'],
  } as GateEventMessage;
}

/** CPU seconds redis-server has used (INFO cpu), in ms. */
async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  return (Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1] ?? 0) + Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1] ?? 0)) * 1000;
}

async function outbound(kind: AdapterKind, redisUrl: string, authority: AuthorityProcess) {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const prefix = `bench:adapters:${process.pid}:${kind}:`;
  const config = parseAdaptersConfig({ adapters: adapterConfig(kind, 'quarantine', authority.url) });
  const agencies = startAgencyAdapters({ redis, prefix, config, logger, repairEveryMs: 0 });
  const runtime = agencies.get(`bench-${kind}`)!;
  const drain = async () => {
    while ((await runtime.delivery.outbox.counts()).backlog > 0) await new Promise((r) => setTimeout(r, 50));
  };
  try {
    // Warm-up: connections, JIT, scripts.
    for (let n = 0; n < 2; n++) await Promise.all(Array.from({ length: 50 }, (_, t) => agencies.sendGateEvent('KT', gateEvent(t, n, `warm-${kind}`))));
    await drain();
    const before = (await authority.state()).received.unique;
    const run = `${kind}-${randomUUID().slice(0, 6)}`;
    const cpu0 = { sender: process.cpuUsage(), authority: treeCpuMs(authority.pid), redis: await redisCpuMs(redis) };
    const started = performance.now();
    for (let n = 0; n < PER_TRIP; n++) {
      await Promise.all(Array.from({ length: TRIPS }, (_, t) => agencies.sendGateEvent('KT', gateEvent(t, n, run))));
    }
    const accepted = performance.now();
    await drain();
    const finished = performance.now();
    const sender = process.cpuUsage(cpu0.sender);
    const perMessage = (ms: number) => Math.round((ms * 1000) / (TRIPS * PER_TRIP));
    const cpu_us_per_msg = {
      sender: perMessage((sender.user + sender.system) / 1000),
      authority: perMessage(treeCpuMs(authority.pid) - cpu0.authority),
      redis: perMessage((await redisCpuMs(redis)) - cpu0.redis),
    };
    const received = (await authority.state()).received.unique - before;
    const messages = TRIPS * PER_TRIP;
    if (received !== messages) throw new Error(`${kind}: the authority received ${received} of ${messages} messages`);
    return {
      messages,
      msg_per_s: Math.round(messages / ((finished - started) / 1000)),
      accept_per_s: Math.round(messages / ((accepted - started) / 1000)),
      cpu_us_per_msg,
      /** What one core would sustain for the sender alone (its CPU is the first to run out). */
      sender_cpu_bound_msg_per_s: Math.round(1e6 / cpu_us_per_msg.sender),
    };
  } finally {
    await agencies.close();
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  }
}

async function decisionLatency(authority: AuthorityProcess) {
  const platform = await startBenchPlatform('adapters', { agencies: { adapters: adapterConfig('webhook', 'customs', authority.url) } });
  try {
    const [driver, operator] = await Promise.all([platform.login('driver1'), platform.login('operator1')]);
    const post = (path: string, token: string, body: unknown) =>
      httpRequest(`${platform.url}${path}`, {
        method: 'POST', body: JSON.stringify(body), timeoutMs: 30_000,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      });
    const next = uniqueTripFactory({ gateCode: 'KT', seed: 11 });
    const declarations: string[] = [];
    while (declarations.length < DECISIONS) {
      const body = next();
      if (!body.declarations?.length) continue;
      const trip = await post('/v1/trips', driver, body);
      if (trip.status !== 201) throw new Error(`register: ${trip.status} ${trip.body.toString()}`);
      const created = JSON.parse(trip.body.toString()) as { vehicle: { plate: string }; declarations: string[] };
      const checkIn = await post('/v1/gates/KT/check-ins', operator, { plate: created.vehicle.plate });
      if (checkIn.status !== 200) throw new Error(`check-in: ${checkIn.status} ${checkIn.body.toString()}`);
      declarations.push(created.declarations[0]!);
    }
    const samples: number[] = [];
    let applied = 0;
    const platformCpu0 = treeCpuMs(platform.pid);
    const firstAt = performance.now() + 100;
    await Promise.all(
      declarations.map(async (number, i) => {
        const wait = firstAt + (i * 1000) / DECISION_RATE - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const envelope = signEnvelope(
          {
            messageId: randomUUID(), correlationId: 'bench', schemaVersion: AGENCY_SCHEMA_VERSION, kind: 'agency_decision',
            sentAt: formatVnDateTime(Date.now()), sender: 'bench-authority', receiver: 'borderflow', gateCode: 'KT',
            payload: {
              agency: 'customs', declarationKey: declarationKey(number), amendment: declarationAmendment(number), status: 'channel_assigned',
              decidedAt: formatVnDateTime(Date.now()), channel: { code: '3', color: 'red' }, inspectionModes: ['xray'], holds: [],
            },
          },
          SIGNING_KEY,
        );
        const body = JSON.stringify(envelope);
        const t0 = performance.now();
        const res = await httpRequest(`${platform.url}/v1/agencies/bench-webhook/decisions`, {
          method: 'POST', body, timeoutMs: 30_000, headers: { 'content-type': 'application/json', ...signRequest(SIGNING_KEY, body, Date.now()) },
        });
        samples.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`decision: ${res.status} ${res.body.toString()}`);
        const result = JSON.parse(res.body.toString()) as { results: Array<{ outcome: string; trips: Array<{ live: boolean }> }> };
        if (result.results[0]?.outcome === 'applied' && result.results[0].trips.some((t) => t.live)) applied++;
      }),
    );
    const platformCpuMs = treeCpuMs(platform.pid) - platformCpu0;
    if (applied !== DECISIONS) throw new Error(`only ${applied} of ${DECISIONS} decisions reached a live trip`);
    return { ...summarizeLatencies(samples), platform_cpu_ms_per_decision: Math.round((platformCpuMs / DECISIONS) * 100) / 100, stores: platform.stores };
  } finally {
    await platform.stop();
  }
}

/** Runs both parts, prints and records the figures. */
export async function runAdaptersBench(): Promise<void> {
  const redis = await openBenchRedis();
  const authority = await spawnAuthority({
    latencyMs: { min: 0, max: 0 },
    profiles: (['webhook', 'vnaccs'] as const).map((kind) => ({
      name: `bench-${kind}`, kind, agency: kind === 'webhook' ? 'quarantine' : 'customs', systemId: 'bench-authority', keys: [KEY], decides: false,
    })),
  });
  try {
    const webhook = await outbound('webhook', redis.url, authority);
    const vnaccs = await outbound('vnaccs', redis.url, authority);
    const decisions = await decisionLatency(authority);
    const figures = {
      outbound_msg_per_s: webhook.msg_per_s,
      decision_p99_ms: decisions.p99_ms,
      outbound: { webhook_json: webhook, vnaccs_xml: vnaccs, trips: TRIPS, messages_per_trip: PER_TRIP, worker_concurrency: 64 },
      decision: { ...decisions, offered_per_s: DECISION_RATE },
      aims: { outbound_msg_per_s: 500, decision_p99_ms: 100 },
      redis: redis.kind,
    };
    const cpu = webhook.cpu_us_per_msg;
    const summary =
      `outbound ${webhook.msg_per_s} msg/s JSON webhook (${vnaccs.msg_per_s} VNACCS XML), ${TRIPS} trips × ${PER_TRIP}; ` +
      `CPU/msg sender ${cpu.sender} µs, authority ${cpu.authority} µs, Redis ${cpu.redis} µs; ` +
      `decision → scheduler p50 ${decisions.p50_ms} ms, p99 ${decisions.p99_ms} ms, platform CPU ${decisions.platform_cpu_ms_per_decision} ms/decision ` +
      `(${decisions.count} at ${DECISION_RATE}/s open loop; ${decisions.stores})`;
    recordResult('adapters', 'npm run bench -- adapters', figures, summary);
  } finally {
    await authority.stop();
    await redis.stop();
  }
}
