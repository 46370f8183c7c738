/**
 * Everything of one BorderFlow process on one port: database (migrated and
 * seeded), a scheduler per gate (Redis state rebuilt from the database when
 * Redis lost it), the persist consumer, the Socket.IO fan-out, the scheduler
 * timers, the HTTP API with the console, and the demo traffic feeder.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Server as SocketServer } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { DEFAULT_POLICY, ZPolicyConfigSchema, type PolicyConfig } from '@borderflow/contracts';
import { openDatabase, seedKimThanh, type Database, type PrismaClient } from '@borderflow/db';
import { GateScheduler, startGateTimers, type LaneConfig } from '@borderflow/scheduler';
import { loadGateState, startEventConsumer, type EventConsumer, type EventConsumerOptions } from '@borderflow/persist';
import { consoleStaticDir } from '@borderflow/console';
import { startTrafficFeeder, type TrafficFeeder, type TrafficFeederOptions } from '@borderflow/traffic';
import { createApiContext, createApp } from './create-app.ts';
import { loadAuthConfig } from './auth/auth-config.ts';
import type { LoginRateLimit } from './auth/login-route.ts';
import { createLogger, type Logger } from './logger.ts';
import { attachLiveGateway, emitDelta } from './live/live-gateway.ts';
import { fanoutConsumerName, startFanout, type Fanout } from './live/fanout.ts';
import type { AgencyAdaptersConfigInput } from '@borderflow/customs';

/** See the close step of the Socket.IO server. */
const ADAPTER_SETTLE_MS = 200;
/** Longest a gate rebuild may hold its lock. */
const REBUILD_LOCK_MS = 60_000;

export interface PlatformOptions {
  port?: number;
  host?: string;
  /** `postgresql://…`; default DATABASE_URL; without either, PGlite under `<dataDir>/pglite`. */
  databaseUrl?: string;
  dataDir?: string;
  /** An already opened database (tests); the platform does not close it. */
  database?: Database;
  redisUrl: string;
  /** Redis key prefix of every key of ours (tests use a unique one). */
  prefix?: string;
  /** Start the demo traffic feeder (default true); an object passes feeder options. */
  feeder?: boolean | Partial<Omit<TrafficFeederOptions, 'baseUrl'>>;
  logger?: Logger;
  /** Overrides JWT_SECRET (tests). */
  jwtSecret?: string;
  /** Scheduler timer period (default 1000 ms). */
  timerIntervalMs?: number;
  loginRateLimit?: LoginRateLimit;
  /** Console files served at `/` (default: @borderflow/console's). `null` = placeholder page. */
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
}

export interface Platform {
  /** Base URL to reach it, e.g. http://127.0.0.1:3000 */
  url: string;
  port: number;
  db: Database;
  redis: Redis;
  schedulers: ReadonlyMap<string, GateScheduler>;
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
async function rebuildIfLost(redis: Redis, scheduler: GateScheduler, prisma: PrismaClient, logger: Logger): Promise<boolean> {
  if (await scheduler.hasState()) return true;
  // Same hash tag as the gate's keys (same cluster slot), but outside the `…:` namespace rebuild wipes.
  const lock = `${scheduler.keys.prefix}{g:${scheduler.gate}}-rebuild-lock`;
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
  const auth = loadAuthConfig(process.env, logger, options.jwtSecret);
  const prefix = options.prefix ?? 'bf:';
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

    const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 3, connectionName: 'borderflow-api' });
    redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
    cleanups.push(() => redis.quit().catch(() => redis.disconnect()));

    const schedulers = new Map<string, GateScheduler>();
    const gates = await db.prisma.gate.findMany({ orderBy: { code: 'asc' } });
    for (const gate of gates) {
      const scheduler = new GateScheduler({ redis, gate: gate.code, prefix });
      if (await rebuildIfLost(redis, scheduler, db.prisma, logger)) {
        const { policy } = await policyOf(db.prisma, gate.id);
        await scheduler.configure(await lanesOf(db.prisma, gate.id), policy, { actor: 'system:startup' });
      }
      schedulers.set(gate.code, scheduler);
    }

    const consumers: EventConsumer[] = [...schedulers.keys()].map((gate) =>
      startEventConsumer({
        redis,
        prisma: db.prisma,
        gate,
        prefix,
        ...options.persist,
        onError: (err, context) => logger.warn({ err, gate, context }, 'persist consumer error'),
      }),
    );
    cleanups.push(() => Promise.all(consumers.map((c) => c.stop())));

    const ctx = createApiContext({ db: db.prisma, redis, schedulers, auth, logger });
    const app = createApp(ctx, {
      staticDir: options.staticDir === undefined ? consoleStaticDir : options.staticDir,
      loginRateLimit: options.loginRateLimit,
    });
    const server = createServer(app);
    // The adapter gets its own client: it blocks on XREAD of its stream.
    const adapterRedis = redis.duplicate({ connectionName: 'borderflow-socketio' });
    adapterRedis.on('error', () => undefined);
    const io = new SocketServer(server, {
      adapter: createAdapter(adapterRedis, {
        streamName: `${prefix}socket.io`,
        channelPrefix: `${prefix}socket.io`,
        sessionKeyPrefix: `${prefix}sio:session:`,
        blockTimeInMs: 1000,
      }),
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
      serveClient: true,
    });
    const nsp = attachLiveGateway(io, ctx);
    // QUIT (not disconnect): it waits for the adapter's pending XREAD, whose loop would otherwise reject unhandled.
    cleanups.push(() => adapterRedis.quit().catch(() => adapterRedis.disconnect()));
    const adapterCreatedAt = Date.now();
    cleanups.push(async () => {
      // The adapter subscribes on its own duplicated clients without awaiting; closing it within
      // a few ms of creation rejects those commands unhandled. Give them time to settle first.
      const settle = ADAPTER_SETTLE_MS - (Date.now() - adapterCreatedAt);
      if (settle > 0) await new Promise((r) => setTimeout(r, settle));
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
        server.closeAllConnections();
      });
    });

    const consumer = fanoutConsumerName();
    const fanouts: Fanout[] = [...schedulers.values()].map((s) =>
      startFanout({ redis, streamKey: s.keys.events, consumer, logger, emit: (event) => emitDelta(nsp, event) }),
    );
    cleanups.push(() => Promise.all(fanouts.map((f) => f.stop())));
    const agencyConfigured =
      options.agencies !== false && (options.agencies !== undefined || Boolean(process.env.AGENCY_ADAPTERS || process.env.AGENCY_ADAPTERS_FILE));
    if (agencyConfigured) {
      const { startAgencyWiring } = await import('./agency/agency-wiring.ts');
      const wiring = startAgencyWiring(ctx, options.agencies || undefined, consumer, logger.child({ component: 'agencies' }), prefix);
      if (wiring) cleanups.push(() => wiring.stop());
    }

    const timers = startGateTimers([...schedulers.values()], {
      intervalMs: options.timerIntervalMs ?? 1000,
      onError: (err) => logger.warn({ err }, 'scheduler timer tick failed'),
    });
    cleanups.push(() => timers.stop());

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 3000, options.host ?? '0.0.0.0', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    const host = options.host ?? '0.0.0.0';
    const url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
    logger.info({ url, gates: [...schedulers.keys()] }, 'BorderFlow is listening');

    if (options.feeder !== false) {
      const feederOptions = typeof options.feeder === 'object' ? options.feeder : {};
      const feeder: TrafficFeeder = startTrafficFeeder({ baseUrl: url, log: logger.child({ component: 'feeder' }), ...feederOptions });
      cleanups.push(() => feeder.stop());
    }

    return { url, port, db, redis, schedulers, close };
  } catch (err) {
    await close();
    throw err;
  }
}
