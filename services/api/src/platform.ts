/**
 * One BorderFlow process on one port: database (migrated and seeded), a
 * scheduler per gate (Redis state rebuilt from the database when Redis lost
 * it), and, by role (see PlatformRole):
 *   - api: the HTTP API with the console, the Socket.IO gateway, the demo feeder;
 *   - worker: the persist consumer, the Socket.IO fan-out, the customs relay and
 *     the movement-notice outbox relay, the scheduler timers, the decider of the cameras' queued
 *     reads, and `workerJobs`;
 *   - gateway: the device gateway alone (devices/gateway-app.ts): the cameras' push routes and the probes
 *     (it stores and queues the reads that ask for it; a worker decides them);
 *   - all (default, `npm start`): api and worker in one process, and the device gateway on its own
 *     port when `gatewayPort` is given.
 * Any number of copies of each can run on one Redis and one PostgreSQL: stream
 * readers share consumer groups, the outbox relay takes an advisory lock, the
 * Socket.IO adapter carries a worker's emits to every API process's clients.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Cluster, Redis } from 'ioredis';
import { connectRedis } from './redis-connection.ts';
import { Server as SocketServer } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { DEFAULT_POLICY, LIVE_EVENTS, LIVE_NAMESPACE, ZPolicyConfigSchema, type PolicyConfig, type ShutdownMessage } from '@borderflow/contracts';
import { openDatabase, seedKimThanh, type Database, type PrismaClient } from '@borderflow/db';
import { buildLedgers, startBookingSweep } from './booking/booking-sweep.ts';
import { runSwitchedFeeder } from './demo/demo-feeder-switch.ts';
import { GateScheduler, startGateTimers, waitReplicasFromEnv, type GateSchedulerOptions, type LaneConfig } from '@borderflow/scheduler';
import {
  loadGateState,
  recoverGate,
  startEventConsumer,
  storedHighWater,
  type EventConsumer,
  type EventConsumerOptions,
} from '@borderflow/persist';
import { createApiContext, createApp } from './create-app.ts';
import { loadAuthConfig } from './auth/auth-config.ts';
import type { LoginBackoff } from './auth/login-limiter.ts';
import { createLogger, type Logger } from './logger.ts';
import { loadMetricsAccess, startMetricsServer, type MetricsAccess } from './http/metrics-access.ts';
import type { RequestRateLimit } from './http/request-rate-limit.ts';
import { attachLiveGateway, gateRoom, type LiveNamespace } from './live/live-gateway.ts';
import { sweepSilentDevices } from './devices/device-health.ts';
import { startSignalAdapter, type SignalAdapterOptions } from './devices/signals/signal-commands.ts';
import { startEmbeddedBroker } from './devices/signals/mqtt-broker.ts';
import { workerProbesApp } from './http/worker-probes.ts';
import { createGatewayApp } from './devices/gateway-app.ts';
import { startReadDecider, type ReadDeciderOptions } from './devices/read-decider.ts';
import type { ApiContext } from './context.ts';
import { attachCallUpBoard } from './live/call-up-board.ts';
import { attachPositionPush } from './live/position-push.ts';
import { startNotifications, type NotifyOptions } from './notify/notify-wiring.ts';
import { provincePushFromEnv, startProvincePush, type ProvincePushConfig } from './province/province-push.ts';
import { loadPseudonymSecret } from './province/pseudonym.ts';
import { allowPrivateFromEnv } from './notify/ssrf-guard.ts';
import { watchRevocations } from './live/socket-sessions.ts';
import { fanoutConsumerName, startFanout, type Fanout } from './live/fanout.ts';
import { COMPANY_FEED_GROUP } from './live/company-feed.ts';
import { attachGateDeltas } from './live/gate-deltas.ts';
import { localFirst } from './live/local-first-adapter.ts';
import type { AgencyAdaptersConfigInput } from '@borderflow/customs';

/** See the close step of the Socket.IO server. */
const ADAPTER_SETTLE_MS = 200;
/** How long a stop waits for HTTP requests in flight (commands) to finish before cutting them. */
const DRAIN_MS = 1500;
/** Longest a gate rebuild may hold its lock. */
const REBUILD_LOCK_MS = 60_000;
/** How often the platform looks for gate devices gone silent (device-health.ts). */
const DEVICE_SWEEP_MS = 15_000;
/**
 * How long a dead worker's fan-out lease blocks the others: deltas of its gate pause at most this
 * long after a kill -9 (clients keep their state and resync if they see a gap); renewed every third.
 */
const FANOUT_LEASE_MS = 3000;

/**
 * What a process runs. `api`: HTTP + Socket.IO clients (stateless: scale with load).
 * `worker`: the stream readers, relays and timers (a port with only /healthz, /readyz, /metrics).
 * `all`: both (the demo's single process).
 */
export type PlatformRole = 'all' | 'api' | 'worker' | 'gateway';

export const PLATFORM_ROLES: readonly PlatformRole[] = ['all', 'api', 'worker', 'gateway'];

/**
 * A background job of the worker role, started once the process listens and stopped when it
 * closes. The hook for work that belongs in workers but is not the platform's own, such as the
 * simulations (a BullMQ worker): it gets the same context the routes have.
 */
export type WorkerJob = (ctx: ApiContext, logger: Logger) => { stop(): Promise<void> | void } | Promise<{ stop(): Promise<void> | void }>;

export interface PlatformOptions {
  /** Default `all`. */
  role?: PlatformRole;
  /** Jobs of the worker role (ignored by an `api` process). */
  workerJobs?: WorkerJob[];
  /** The worker's decider of queued plate reads (devices/read-decider.ts): tests shorten its claim and sweep times. */
  readDecider?: ReadDeciderOptions;
  port?: number;
  host?: string;
  /**
   * Role `all`: the device gateway also listens on this port (0 = any free one), as the `gateway` role
   * would on its own; not given = the cameras use the API's push routes only.
   */
  gatewayPort?: number;
  /** `postgresql://…`; default DATABASE_URL; without either, PGlite under `<dataDir>/pglite`. */
  databaseUrl?: string;
  dataDir?: string;
  /** An already opened database (tests); the platform does not close it. */
  database?: Database;
  redisUrl: string;
  /**
   * Redis Cluster nodes "host:port,host:port" (default REDIS_CLUSTER_NODES): when set, every Redis
   * connection of the platform is a Cluster client and `redisUrl` is not used.
   */
  redisClusterNodes?: string;
  /** Redis key prefix of every key of ours (tests use a unique one). */
  prefix?: string;
  /**
   * The demo traffic feeder, started once the platform listens and stopped on close (default none).
   * A simulator, so the app layer passes it in (infra/app wires simulators/traffic's); the API never imports it.
   */
  feeder?: false | StartFeeder;
  logger?: Logger;
  /** Overrides JWT_SECRET (tests). */
  /** The province feed's pseudonym secret (default PROVINCE_PSEUDONYM_SECRET; see province/pseudonym.ts). */
  provincePseudonymSecret?: string;
  /**
   * The signed push of the province feed (province/province-push.ts), run by workers: default
   * PROVINCE_PUSH_URL / PROVINCE_PUSH_SECRET (none when unset); false = off.
   */
  provincePush?: ProvincePushConfig | false;
  jwtSecret?: string;
  /** Overrides ACCESS_TOKEN_TTL_SECONDS (default 15 min). */
  accessTokenTtlSeconds?: number;
  /** Scheduler timer period (default 1000 ms). */
  timerIntervalMs?: number;
  loginBackoff?: Partial<LoginBackoff>;
  /** Console files served at `/` (the app passes @borderflow/console's build). Not given or `null` = placeholder page. */
  staticDir?: string | null;
  /**
   * Persist consumer tuning. Crash tests shorten `claimIdleMs`: a killed process's
   * read-but-unstored events are otherwise taken over only after 30 s.
   */
  persist?: Partial<Pick<EventConsumerOptions, 'claimIdleMs' | 'claimEveryMs'>>;
  /**
   * Agency adapters (services/customs): a configuration, or false for none. Default: the
   * AGENCY_ADAPTERS / AGENCY_ADAPTERS_FILE environment, else none.
   */
  agencies?: AgencyAdaptersConfigInput | false;
  /** Who may read /metrics; fields not given come from METRICS_TOKEN / METRICS_PORT / METRICS_HOST. */
  metrics?: Partial<MetricsAccess>;
  /** Requests per IP and per account; default RATE_LIMIT_* from the environment; false = none. */
  requestRateLimit?: RequestRateLimit | false;
  /** `WAIT` for replicas after each command (default: REDIS_WAIT_REPLICAS / REDIS_WAIT_TIMEOUT_MS, else off). */
  waitReplicas?: GateSchedulerOptions['waitReplicas'];
  /** Carrier webhooks (and the driver's SMS and push): tuning, or false for none. */
  notify?: NotifyOptions | false;
  /**
   * Barriers and signal lights over MQTT (devices/signals), run by workers. Default: on with the broker
   * at MQTT_URL (MQTT_USERNAME / MQTT_PASSWORD) when that is set, else off. Given without `mqttUrl`, the
   * platform runs an embedded broker (aedes) on loopback (port `mqttPort`, default MQTT_PORT or any free
   * port): the demo's and the tests' way. false = off.
   */
  signals?: (Partial<SignalAdapterOptions> & { mqttPort?: number }) | false;
}

/** Starts a feeder against the platform's base URL; the platform stops it when it closes. */
export type StartFeeder = (baseUrl: string, logger: Logger) => { stop(): Promise<void> | void };

export interface Platform {
  role: PlatformRole;
  /** Base URL to reach it, e.g. http://127.0.0.1:3000 */
  url: string;
  port: number;
  db: Database;
  redis: Redis | Cluster;
  schedulers: ReadonlyMap<string, GateScheduler>;
  /** Base URL of the separate metrics port, when METRICS_PORT (or `metrics.port`) is set. */
  metricsUrl: string | null;
  /** The MQTT broker barriers and lights connect to (the embedded one's URL, or MQTT_URL); null when off. */
  mqttUrl: string | null;
  /** Base URL of the device gateway's own port (role `gateway`: the same as `url`), or null. */
  gatewayUrl: string | null;
  close(): Promise<void>;
}

async function lanesOf(prisma: PrismaClient, gateId: string): Promise<LaneConfig[]> {
  const rows = await prisma.lane.findMany({ where: { gateId }, orderBy: { code: 'asc' } });
  return rows.map((l) => ({
    id: l.code,
    name: l.name,
    direction: l.direction,
    capabilities: l.capabilities as LaneConfig['capabilities'],
    classes: l.classes as LaneConfig['classes'],
    status: l.status,
  }));
}

async function policyOf(prisma: PrismaClient, gateId: string): Promise<{ policy: PolicyConfig; version: number }> {
  const row = await prisma.policyVersion.findFirst({ where: { gateId }, orderBy: { version: 'desc' } });
  const parsed = ZPolicyConfigSchema.safeParse(row?.config);
  return { policy: parsed.success ? parsed.data : DEFAULT_POLICY, version: row?.version ?? 1 };
}

/**
 * Fresh Redis, or Redis lost the gate: rebuild it from the database (the
 * system of record). Several API processes may start at once; a lock lets one
 * rebuild while the others wait for it. Returns true when the gate already
 * had its state (the caller then only re-applies the configuration).
 */
async function rebuildIfLost(redis: Redis | Cluster, scheduler: GateScheduler, prisma: PrismaClient, logger: Logger): Promise<boolean> {
  if (await scheduler.hasState()) return true;
  // Same hash tag as the gate's keys (same cluster slot), but outside the `…:` namespace rebuild wipes.
  const lock = scheduler.rebuildLockKey();
  const deadline = Date.now() + REBUILD_LOCK_MS;
  while (Date.now() < deadline) {
    if (await redis.set(lock, String(process.pid), 'PX', REBUILD_LOCK_MS, 'NX')) {
      try {
        if (await scheduler.hasState()) return true;
        logger.info({ gate: scheduler.gate }, 'no scheduler state in Redis: rebuilding from the database');
        await scheduler.rebuild(await loadGateState(prisma, scheduler.gate));
        return false;
      } finally {
        await redis.del(lock);
      }
    }
    await new Promise((r) => setTimeout(r, 200));
    if (await scheduler.hasState()) return true;
  }
  throw new Error(`gate ${scheduler.gate}: another process has been rebuilding for ${REBUILD_LOCK_MS} ms; giving up`);
}

/**
 * Starts the platform and resolves once it listens.
 *
 * @example
 * const platform = await startPlatform({ redisUrl: 'redis://127.0.0.1:6379', port: 3000 });
 * console.log(platform.url);
 * await platform.close();
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const logger = options.logger ?? createLogger();
  // First: a production deployment without a proper secret must not open anything.
  const auth = loadAuthConfig(process.env, logger, {
    secret: options.jwtSecret,
    dataDir: options.dataDir,
    accessTtlSeconds: options.accessTokenTtlSeconds,
  });
  const prefix = options.prefix ?? 'bf:';
  const role = options.role ?? 'all';
  if (!PLATFORM_ROLES.includes(role)) throw new Error(`unknown platform role "${role}" (one of ${PLATFORM_ROLES.join(', ')})`);
  /** Takes HTTP commands and holds Socket.IO clients. */
  const serves = role === 'all' || role === 'api';
  /** Reads the streams, relays, ticks the timers. */
  const works = role === 'all' || role === 'worker';
  const cleanups: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const step of cleanups.reverse()) {
      await step().catch((err: unknown) => logger.warn({ err }, 'error while shutting down'));
    }
    cleanups.length = 0;
  };

  try {
    const db =
      options.database ??
      (await openDatabase({ url: options.databaseUrl, dataDir: join(options.dataDir ?? '.data', 'pglite') }));
    if (!options.database) cleanups.push(() => db.close());
    await seedKimThanh(db.prisma);

    const redis = connectRedis({
      url: options.redisUrl, clusterNodes: options.redisClusterNodes ?? process.env.REDIS_CLUSTER_NODES, connectionName: 'borderflow-api',
    });
    redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
    cleanups.push(() => redis.quit().catch(() => redis.disconnect()));

    const schedulers = new Map<string, GateScheduler>();
    const gates = await db.prisma.gate.findMany({ orderBy: { code: 'asc' } });
    for (const gate of gates) {
      const scheduler = new GateScheduler({ redis, gate: gate.code, prefix, waitReplicas: options.waitReplicas ?? waitReplicasFromEnv() });
      const seq = await scheduler.seq();
      if (seq !== null && (await scheduler.hasState()) && seq < (await storedHighWater(db.prisma, gate.code))) {
        // Redis failed over to a stale replica or lost its AOF tail: its seq is behind PostgreSQL's.
        await recoverGate({ redis, prisma: db.prisma, gate: gate.code, prefix, log: (msg, data) => logger.warn(data, msg) });
      } else if (await rebuildIfLost(redis, scheduler, db.prisma, logger)) {
        const { policy } = await policyOf(db.prisma, gate.id);
        await scheduler.configure(await lanesOf(db.prisma, gate.id), policy, { actor: 'system:startup' });
      }
      schedulers.set(gate.code, scheduler);
    }

    const consumers: EventConsumer[] = (works ? [...schedulers.keys()] : []).map((gate) =>
      startEventConsumer({
        redis,
        prisma: db.prisma,
        gate,
        prefix,
        ...options.persist,
        onError: (err, context) => logger.warn({ err, gate, context }, 'persist consumer error'),
        onRecovered: (result) => logger.warn({ gate, ...result }, 'gate seq went backwards; recovered from PostgreSQL'),
      }),
    );
    cleanups.push(() => Promise.all(consumers.map((c) => c.stop())));

    const ctx = createApiContext({
      db: db.prisma, redis, schedulers, auth, logger, prefix,
      ...(options.provincePseudonymSecret ? { provincePseudonymSecret: options.provincePseudonymSecret } : {}),
    });
    const metricsAccess = { ...loadMetricsAccess(process.env), ...options.metrics };
    const app: RequestListener = serves
      ? createApp(ctx, {
        staticDir: options.staticDir ?? null,
        loginBackoff: options.loginBackoff,
        metrics: metricsAccess,
        requestRateLimit: options.requestRateLimit,
        redisPrefix: prefix,
        feederConfigured: Boolean(options.feeder),
      })
      : role === 'gateway' ? createGatewayApp(ctx, metricsAccess) : workerProbesApp(ctx, metricsAccess);
    let metricsUrl: string | null = null;
    if (metricsAccess.port !== null) {
      const own = await startMetricsServer(ctx.metrics, { ...metricsAccess, port: metricsAccess.port });
      cleanups.push(() => new Promise((resolve) => own.server.close(resolve)));
      metricsUrl = `http://${metricsAccess.host === '0.0.0.0' ? '127.0.0.1' : metricsAccess.host}:${own.port}`;
    }
    const server = createServer(app);
    // Requests in flight, so a stop lets the commands already accepted finish (drain) before closing.
    let inFlight = 0;
    server.on('request', (_req, res) => {
      inFlight++;
      res.once('close', () => inFlight--);
    });
    // The adapter gets its own client: it blocks on XREAD of its stream.
    const adapterRedis = redis.isCluster
      ? (redis as Cluster).duplicate(undefined, { enableAutoPipelining: false, redisOptions: { connectionName: 'borderflow-socketio' } })
      : (redis as Redis).duplicate({ enableAutoPipelining: false, connectionName: 'borderflow-socketio' });
    adapterRedis.on('error', () => undefined);
    // A worker has no clients of its own: its Socket.IO server only emits, through the adapter, to the API processes'.
    // Each process's own sockets get a broadcast before Redis answers its XADD (local-first-adapter.ts).
    const ioOptions = {
      adapter: localFirst(createAdapter(adapterRedis, {
        streamName: `${prefix}socket.io`,
        channelPrefix: `${prefix}socket.io`,
        sessionKeyPrefix: `${prefix}sio:session:`,
        blockTimeInMs: 1000,
      })),
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
      serveClient: true,
    };
    const io = serves ? new SocketServer(server, ioOptions) : new SocketServer(ioOptions);
    const nsp: LiveNamespace = serves ? attachLiveGateway(io, ctx) : io.of(LIVE_NAMESPACE);
    // Device alerts reach the operators of every API process through the adapter, like the deltas.
    ctx.onDeviceAlert = (gate, alert) => nsp.to(gateRoom(gate)).emit(LIVE_EVENTS.deviceAlert, { ...alert, gate });
    if (serves) {
      // A camera that stops talking is found by the clock, not by the next read that never comes.
      const sweep = setInterval(() => {
        for (const gate of schedulers.keys()) {
          sweepSilentDevices(ctx, gate).catch((err: unknown) => logger.warn({ err, gate }, 'silent device sweep failed'));
        }
      }, DEVICE_SWEEP_MS);
      sweep.unref();
      cleanups.push(async () => clearInterval(sweep));
    }
    // The LED board and the trips' positions are pushed by whoever runs the fan-out (a worker when
    // split); the adapter carries them to the clients of every API process.
    const board = attachCallUpBoard(io, ctx);
    const positions = attachPositionPush(nsp, ctx);
    const gateDeltas = attachGateDeltas(nsp, (gate) => schedulers.get(gate), logger, [board, positions], ctx.metrics.liveDeltaLag);
    cleanups.push(async () => board.stop());
    if (serves) {
      const revocationWatcher = await watchRevocations(nsp, ctx);
      cleanups.push(() => revocationWatcher.stop());
    }
    // QUIT (not disconnect): it waits for the adapter's pending XREAD, whose loop would otherwise reject unhandled.
    cleanups.push(() => adapterRedis.quit().catch(() => adapterRedis.disconnect()));
    const adapterCreatedAt = Date.now();
    cleanups.push(async () => {
      // The adapter subscribes on its own duplicated clients without awaiting; closing it within
      // a few ms of creation rejects those commands unhandled. Give them time to settle first.
      const settle = ADAPTER_SETTLE_MS - (Date.now() - adapterCreatedAt);
      if (settle > 0) await new Promise((r) => setTimeout(r, settle));
      // No new connections; idle keep-alive ones go now; requests in flight get DRAIN_MS to finish.
      server.close();
      server.closeIdleConnections();
      const drainEnd = Date.now() + DRAIN_MS;
      while (inFlight > 0 && Date.now() < drainEnd) await new Promise((r) => setTimeout(r, 25));
      // Only this process's sockets (`local`: the adapter would tell every process's clients).
      const hint: ShutdownMessage = { reconnectAfterMs: 500, reason: 'server process stopping' };
      nsp.local.emit(LIVE_EVENTS.shutdown, hint);
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
        server.closeAllConnections();
      });
    });

    // Runs before the server's drain (cleanups run in reverse): open SSE streams end at once, clients resume elsewhere.
    cleanups.push(() => ctx.companyFeed.stop());

    const consumer = fanoutConsumerName();
    const fanouts: Fanout[] = (works ? [...schedulers.values()] : []).flatMap((s) => [
      // A killed worker's unsent deltas are taken over as soon as its unstored events are (same tuning).
      // One emitter per gate at a time (the lease), so every client sees the gate's deltas in seq order.
      // Nothing on this path waits for the database: a delta waits only for Redis.
      startFanout({ redis, streamKey: s.eventsStream(), consumer, logger, claimIdleMs: options.persist?.claimIdleMs, leaseMs: FANOUT_LEASE_MS,
        emit: (event, behind) => gateDeltas.onEvent(event, behind) }),
      // The company feed looks up each new trip's company in the database. In the fan-out above, that
      // query queued behind the registrations' transactions under load, and every later delta of the
      // gate waited behind it (the 2 s loaded fan-out of issue 15). Its own group keeps its at-least-once
      // delivery (acknowledged once appended; a re-delivery is skipped by its gate seq) off the live path.
      startFanout({ redis, streamKey: s.eventsStream(), consumer, logger, claimIdleMs: options.persist?.claimIdleMs, leaseMs: FANOUT_LEASE_MS,
        group: COMPANY_FEED_GROUP, emit: (event) => ctx.companyFeed.onGateEvent(event) }),
    ]);
    cleanups.push(() => Promise.all(fanouts.map((f) => f.stop())));
    const agencyConfigured =
      options.agencies !== false && (options.agencies !== undefined || Boolean(process.env.AGENCY_ADAPTERS || process.env.AGENCY_ADAPTERS_FILE));
    if (agencyConfigured) {
      const { startAgencyWiring } = await import('./agency/agency-wiring.ts');
      // An API process needs the adapters (notices it queues, decisions it receives); a worker relays.
      const wiring = startAgencyWiring(ctx, options.agencies || undefined, consumer, logger.child({ component: 'agencies' }), prefix, { relays: works });
      if (wiring) cleanups.push(() => wiring.stop());
    }

    if (options.notify !== false) {
      const notifications = startNotifications(ctx, { dataDir: options.dataDir, ...options.notify }, consumer, logger.child({ component: 'notify' }), { relays: works });
      ctx.allowPrivateWebhooks = notifications.allowPrivateWebhooks;
      ctx.vapidPublicKey = notifications.vapidPublicKey;
      cleanups.push(() => notifications.stop());
    }

    const provincePush = options.provincePush === false ? null : (options.provincePush ?? provincePushFromEnv(process.env));
    if (works && provincePush) {
      const push = startProvincePush({
        db: db.prisma, redis, schedulers, config: provincePush, consumer, logger: logger.child({ component: 'province-push' }),
        pseudonymSecret: ctx.provincePseudonymSecret ?? loadPseudonymSecret({ ...process.env, ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}) }),
        allowPrivate: ctx.allowPrivateWebhooks ?? allowPrivateFromEnv(),
      });
      cleanups.push(() => push.stop());
    }

    const signalsConfig = options.signals ?? (process.env.MQTT_URL
      ? { mqttUrl: process.env.MQTT_URL, username: process.env.MQTT_USERNAME, password: process.env.MQTT_PASSWORD }
      : false);
    let mqttUrl: string | null = null;
    if (works && signalsConfig) {
      let connect: SignalAdapterOptions;
      if (signalsConfig.mqttUrl) {
        connect = { ...signalsConfig, mqttUrl: signalsConfig.mqttUrl };
      } else {
        const broker = await startEmbeddedBroker(db.prisma, { port: signalsConfig.mqttPort ?? (Number(process.env.MQTT_PORT) || 0) });
        cleanups.push(() => broker.close());
        connect = { ...signalsConfig, mqttUrl: broker.url, username: broker.username, password: broker.password };
      }
      mqttUrl = connect.mqttUrl;
      const signals = await startSignalAdapter(ctx, connect, consumer, logger.child({ component: 'signals' }));
      cleanups.push(() => signals.stop());
    }

    if (works) {
      // Every worker ticks: each tick is one atomic script per gate, so copies only share the work.
      const timers = startGateTimers([...schedulers.values()], {
        intervalMs: options.timerIntervalMs ?? 1000,
        onError: (err) => logger.warn({ err }, 'scheduler timer tick failed'),
      });
      cleanups.push(() => timers.stop());
      // The cameras' queued reads (the gateway stores and queues them): decided here, off the gateway.
      const decider = startReadDecider(ctx, [...schedulers.keys()], logger, options.readDecider);
      cleanups.push(() => decider.stop());
      // No-shows, lapsed waiting-list offers and due release draws, on time rather than only lazily.
      const bookingSweep = startBookingSweep(ctx, (Number(process.env.BOOKING_SWEEP_SECONDS) || 30) * 1000);
      cleanups.push(() => bookingSweep.stop());
    }

    // Before the first booking can arrive (a release storm must not wait for a lazy rebuild).
    if (serves) await buildLedgers(ctx);

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 3000, options.host ?? '0.0.0.0', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    const host = options.host ?? '0.0.0.0';
    const urlOf = (p: number) => `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${p}`;
    const url = urlOf(port);
    let gatewayUrl: string | null = role === 'gateway' ? url : null;
    if (role === 'all' && options.gatewayPort !== undefined) {
      const gateway = createServer(createGatewayApp(ctx, metricsAccess));
      await new Promise<void>((resolve, reject) => {
        gateway.once('error', reject);
        gateway.listen(options.gatewayPort, host, () => resolve());
      });
      cleanups.push(() => new Promise((resolve) => {
        gateway.close(resolve);
        gateway.closeAllConnections();
      }));
      gatewayUrl = urlOf((gateway.address() as AddressInfo).port);
    }
    logger.info({ url, gatewayUrl, role, gates: [...schedulers.keys()] }, 'BorderFlow is listening');

    if (works) {
      for (const job of options.workerJobs ?? []) {
        const running = await job(ctx, logger.child({ component: 'worker-job' }));
        cleanups.push(async () => running.stop());
      }
    }
    if (options.feeder && serves) {
      const startFeeder = options.feeder;
      // An admin can turn it off (and on) from the console: the switch is polled here.
      const feeder = runSwitchedFeeder(ctx, () => startFeeder(url, logger.child({ component: 'feeder' })));
      cleanups.push(async () => feeder.stop());
    }

    return { role, url, port, db, redis, schedulers, metricsUrl, mqttUrl, gatewayUrl, close };
  } catch (err) {
    await close();
    throw err;
  }
}
