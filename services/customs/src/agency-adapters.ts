/**
 * The agency adapters of one BorderFlow process, built from configuration:
 * per adapter its key ring, codec, outbound delivery (BullMQ queue, breaker,
 * dead letters) and inbound receiver. The API wires its routes to it and the
 * platform feeds it trips (movement notices) and scheduler events (gate events).
 */
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  formatVnDateTime,
  AGENCY_SCHEMA_VERSION,
  type AdapterHealth,
  type AgencyHealthResponse,
  type AgencyMessageKind,
  type GateEventMessage,
  type MovementNotice,
} from '@borderflow/contracts';
import type { AdapterConfig, AgencyAdaptersConfig } from './config/adapter-config.ts';
import { codecFor, type AdapterCodec } from './codec-registry.ts';
import { AdapterDelivery } from './delivery/adapter-delivery.ts';
import { httpTransport, type Transport } from './delivery/http-transport.ts';
import type { OutboxKind } from './delivery/outbox.ts';
import { InboundReceiver } from './inbound/inbound-receiver.ts';
import { uuidFromName, randomUUID } from './outbound/message-id.ts';
import { signEnvelope } from './signing/envelope-signature.ts';
import { loadKeyRing, type KeyRing } from './signing/key-ring.ts';

export interface AgencyAdaptersOptions {
  redis: Redis | Cluster;
  /** Redis key prefix of every key of ours (tests use a unique one). */
  prefix?: string;
  config: AgencyAdaptersConfig;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** Run the delivery workers in this process (default true). */
  workers?: boolean;
  /** Overrides the HTTP transport (benchmarks measuring the queue alone). */
  transportFor?: (adapter: AdapterConfig, codec: AdapterCodec, ring: KeyRing) => Transport;
  /** Repair sweep period (default 15 s). */
  repairEveryMs?: number;
  /** Clock for signatures and replay windows (tests move it). */
  clock?: () => number;
}

/** One configured adapter at run time. */
export interface AdapterRuntime {
  config: AdapterConfig;
  ring: KeyRing;
  codec: AdapterCodec;
  delivery: AdapterDelivery;
  inbound: InboundReceiver;
}

export interface SentMessage {
  adapter: string;
  messageId: string;
  /** false: the id was already accepted (a re-read event). */
  accepted: boolean;
}

const rank = { ok: 0, degraded: 1, down: 2 } as const;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
/** The later of the breaker's last recorded success and the outbox's last delivery. */
const latestIso = (a: string | null, b: number | null) => iso(Math.max(a ? Date.parse(a) : 0, b ?? 0) || null);

/**
 * @example
 * const agencies = startAgencyAdapters({ redis, config: loadAdaptersConfig(process.env), logger });
 * await agencies.sendNotice('KT', notice);
 * console.log(await agencies.health());
 * await agencies.close();
 */
export function startAgencyAdapters(options: AgencyAdaptersOptions): AgencyAdapters {
  return new AgencyAdapters(options);
}

export class AgencyAdapters {
  readonly config: AgencyAdaptersConfig;
  private readonly runtimes = new Map<string, AdapterRuntime>();
  private readonly bullConnection: Redis | Cluster;
  readonly clock: () => number;

  constructor(private readonly options: AgencyAdaptersOptions) {
    this.config = options.config;
    this.clock = options.clock ?? Date.now;
    const prefix = options.prefix ?? 'bf:';
    // BullMQ wants its own connection with maxRetriesPerRequest null (blocking commands).
    const bullOptions = { maxRetriesPerRequest: null, connectionName: 'borderflow-agencies' };
    // A Cluster takes the per-node options under `redisOptions` (REDIS_CLUSTER_NODES).
    this.bullConnection = options.redis.isCluster
      ? (options.redis as Cluster).duplicate(undefined, { redisOptions: bullOptions })
      : (options.redis as Redis).duplicate(bullOptions);
    this.bullConnection.on('error', () => undefined);
    for (const adapter of options.config.adapters) {
      if (!adapter.enabled) continue;
      const ring = loadKeyRing(adapter.name, adapter.keys, adapter.signWith, options.env ?? process.env);
      const codec = codecFor(adapter.kind);
      const transport =
        options.transportFor?.(adapter, codec, ring) ??
        httpTransport({ url: adapter.url, encoder: codec, ring, timeoutMs: adapter.delivery.timeoutMs, clock: this.clock });
      const delivery = new AdapterDelivery({
        adapter: adapter.name,
        redis: options.redis,
        bullConnection: this.bullConnection,
        prefix,
        delivery: adapter.delivery,
        transport,
        logger: options.logger,
        worker: options.workers,
        repairEveryMs: options.repairEveryMs,
      });
      const inbound = new InboundReceiver({
        adapter,
        ring,
        codec,
        redis: options.redis,
        keys: delivery.keys,
        replayWindowMs: options.config.replayWindowMs,
        clock: this.clock,
      });
      this.runtimes.set(adapter.name, { config: adapter, ring, codec, delivery, inbound });
    }
  }

  list(): AdapterRuntime[] {
    return [...this.runtimes.values()];
  }

  get(name: string): AdapterRuntime | undefined {
    return this.runtimes.get(name);
  }

  /** Adapters of a gate that send this kind of message. */
  forGate(gate: string, kind: OutboxKind): AdapterRuntime[] {
    return this.list().filter((r) => r.config.gates.includes(gate) && r.config.sends.includes(kind));
  }

  /** Customs office of a gate for movement notices (configuration; '15BB' placeholder otherwise). */
  customsOfficeOf(gate: string): string {
    return this.config.customsOffices[gate] ?? '15BB';
  }

  private envelope(runtime: AdapterRuntime, kind: AgencyMessageKind, messageId: string, correlationId: string, gate: string, payload: unknown) {
    return signEnvelope(
      {
        messageId,
        correlationId,
        schemaVersion: AGENCY_SCHEMA_VERSION,
        kind,
        sentAt: formatVnDateTime(this.clock()),
        sender: this.config.systemId,
        receiver: runtime.config.receiver,
        gateCode: gate,
        payload,
      },
      runtime.ring.signingKey,
    );
  }

  /**
   * Accepts a movement notice for every adapter of the gate that takes notices;
   * resolves once each is durable in its outbox.
   *
   * @example
   * await agencies.sendNotice('KT', movementNoticeFromTrip(trip, { customsOffice: agencies.customsOfficeOf('KT') }));
   */
  async sendNotice(gate: string, notice: MovementNotice, sourceId?: string): Promise<SentMessage[]> {
    const sent: SentMessage[] = [];
    // From the platform's outbox message id: a notice relayed twice (at-least-once) is one message.
    const messageId = sourceId ? uuidFromName(`movement_notice:${sourceId}`) : randomUUID();
    for (const runtime of this.forGate(gate, 'movement_notice')) {
      const body = JSON.stringify(this.envelope(runtime, 'movement_notice', messageId, notice.tripId, gate, notice));
      const accepted = await runtime.delivery.enqueue({ id: messageId, order: notice.tripId, kind: 'movement_notice', body });
      sent.push({ adapter: runtime.config.name, messageId, accepted });
    }
    return sent;
  }

  /**
   * Accepts a gate event for every adapter of the gate that wants its type. The
   * message id derives from `eventId`, so the same event accepted twice is one message.
   *
   * @example
   * const msg = toGateEventMessage(event, context);
   * if (msg) await agencies.sendGateEvent(event.gate, msg);
   */
  async sendGateEvent(gate: string, message: GateEventMessage): Promise<SentMessage[]> {
    const sent: SentMessage[] = [];
    for (const runtime of this.forGate(gate, 'gate_event')) {
      if (!runtime.config.gateEventTypes.includes(message.type)) continue;
      const messageId = uuidFromName(`gate_event:${message.eventId}`);
      const body = JSON.stringify(this.envelope(runtime, 'gate_event', messageId, message.tripId, gate, message));
      const accepted = await runtime.delivery.enqueue({ id: messageId, order: message.tripId, kind: 'gate_event', body });
      sent.push({ adapter: runtime.config.name, messageId, accepted });
    }
    return sent;
  }

  /** Per adapter: last success, backlog, dead letters, breaker state, inbound counters. */
  async health(): Promise<AgencyHealthResponse> {
    const now = this.clock();
    const adapters: AdapterHealth[] = [];
    for (const r of this.list()) {
      const [counts, breaker, inbound] = await Promise.all([r.delivery.outbox.counts(), r.delivery.breaker.status(), r.inbound.stats()]);
      const status: AdapterHealth['status'] =
        breaker.state === 'open' ? 'down' : counts.deadLetters > 0 || breaker.state === 'half_open' ? 'degraded' : 'ok';
      adapters.push({
        adapter: r.config.name,
        kind: r.config.kind,
        agency: r.config.agency,
        gates: r.config.gates,
        status,
        lastSuccessAt: latestIso(breaker.lastSuccessAt, counts.lastDeliveredAt),
        lastFailureAt: breaker.lastFailureAt,
        lastError: breaker.lastError,
        backlog: counts.backlog,
        oldestPendingMs: counts.oldestAcceptedAt === null ? null : Math.max(0, now - counts.oldestAcceptedAt),
        deadLetters: counts.deadLetters,
        blockedTrips: counts.blockedTrips,
        delivered: counts.delivered,
        breaker: {
          state: breaker.state,
          since: breaker.since,
          consecutiveFailures: breaker.consecutiveFailures,
          opened: breaker.opened,
          retryAt: breaker.retryAt,
        },
        inbound: {
          lastReceivedAt: iso(inbound.lastReceivedAt),
          accepted: inbound.accepted,
          duplicates: inbound.duplicates,
          rejected: inbound.rejected,
        },
        polling: r.config.polling
          ? { lastPollAt: iso(inbound.lastPollAt), cursor: inbound.cursor, lastError: inbound.lastPollError }
          : null,
      });
    }
    const worst = adapters.reduce<AdapterHealth['status']>((w, a) => (rank[a.status] > rank[w] ? a.status : w), 'ok');
    return { at: new Date(now).toISOString(), status: worst, adapters };
  }

  /** Re-checks every adapter's trip heads for a missing job (also runs periodically). */
  async repair(): Promise<void> {
    for (const r of this.list()) await r.delivery.repair();
  }

  async close(): Promise<void> {
    for (const r of this.list()) await r.delivery.close();
    await this.bullConnection.quit().catch(() => this.bullConnection.disconnect());
  }
}
