/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are arbitrary JSON */
/**
 * The production topology in child processes, for tests and benchmarks that
 * need real separate processes: API processes and worker processes (see
 * PlatformRole) on one Redis prefix and one PostgreSQL database. Any process
 * can be killed (SIGKILL) or stopped, and new ones started on the same stores.
 *
 * The database is a server's, never PGlite: PGlite belongs to one process. It
 * is a fresh database on DATABASE_URL's server, else on the machine's
 * PostgreSQL at 127.0.0.1:5432 (as the benchmarks do), dropped on close.
 */
import { connect, type Socket } from 'socket.io-client';
import { Redis } from 'ioredis';
import { openTestDatabase, type TestDatabase } from '@borderflow/db';
import { deleteKeysWithPrefix, testRedisUrl, uniqueId } from '@borderflow/testkit/testing';
import { spawnPlatform, type SpawnedPlatform } from './spawn-platform.ts';
import type { PlatformChildOptions } from './platform-child.ts';

export const TOPOLOGY_JWT_SECRET = 'topology-test-secret-that-is-at-least-32-characters';
/** The machine's PostgreSQL, when DATABASE_URL names none (ENVIRONMENT.md: always running here). */
export const LOCAL_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface Answer {
  status: number;
  body: any;
}

/**
 * One JSON request to a process, answered or thrown (a killed process throws).
 *
 * @example
 * const { status, body } = await callJson(url, 'POST', '/v1/auth/login', undefined, { username, password });
 */
export async function callJson(base: string, method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export interface TopologyOptions {
  /** Redis of the processes (default: the tests' Redis); each topology has its own key prefix. */
  redisUrl?: string;
  /** A Redis Cluster instead ("host:port,…"): the children get REDIS_CLUSTER_NODES' option. */
  redisClusterNodes?: string;
  /** The database URL the children get (default: the created database's); a TCP proxy in front of it, say. */
  childDatabaseUrl?: (url: string) => string;
  /** Options every child gets (persist claim times, timers…). */
  child?: Partial<PlatformChildOptions>;
  env?: NodeJS.ProcessEnv;
}

export interface Topology {
  db: TestDatabase;
  /** The database URL children connect to. */
  databaseUrl: string;
  redisUrl: string;
  redisClusterNodes: string | null;
  prefix: string;
  apis: SpawnedPlatform[];
  workers: SpawnedPlatform[];
  startApi(overrides?: Partial<PlatformChildOptions>): Promise<SpawnedPlatform>;
  startWorker(overrides?: Partial<PlatformChildOptions>): Promise<SpawnedPlatform>;
  call(base: string, method: string, path: string, token?: string, body?: unknown): Promise<Answer>;
  login(base: string, username: string): Promise<string>;
  /** A `/live` socket on one process (no reconnection: a test sees exactly what that process sent). */
  socket(base: string, token: string): Promise<Socket>;
  close(): Promise<void>;
}

/**
 * @example
 * const topo = await startTopology();
 * const worker = await topo.startWorker();
 * const [a, b] = [await topo.startApi(), await topo.startApi()];
 * await topo.close();
 */
export async function startTopology(options: TopologyOptions = {}): Promise<Topology> {
  const db = await openTestDatabase({ url: process.env.DATABASE_URL || LOCAL_POSTGRES_URL });
  const databaseUrl = options.childDatabaseUrl ? options.childDatabaseUrl(db.url!) : db.url!;
  const redisUrl = options.redisUrl ?? testRedisUrl();
  const prefix = `topo:${uniqueId()}:`;
  const apis: SpawnedPlatform[] = [];
  const workers: SpawnedPlatform[] = [];
  const sockets: Socket[] = [];
  const env = { LOG_LEVEL: 'error', ...process.env, ...options.env };

  const start = async (role: 'api' | 'worker', overrides: Partial<PlatformChildOptions>) => {
    const child = await spawnPlatform(
      { port: 0, host: '127.0.0.1', redisUrl, ...(options.redisClusterNodes ? { redisClusterNodes: options.redisClusterNodes } : {}), prefix, databaseUrl, jwtSecret: TOPOLOGY_JWT_SECRET, ...options.child, ...overrides, role },
      { env, startTimeoutMs: 60_000 },
    );
    (role === 'api' ? apis : workers).push(child);
    return child;
  };

  const call = callJson;

  return {
    db,
    databaseUrl,
    redisUrl,
    redisClusterNodes: options.redisClusterNodes ?? null,
    prefix,
    apis,
    workers,
    startApi: (overrides = {}) => start('api', overrides),
    startWorker: (overrides = {}) => start('worker', overrides),
    call,
    async login(base, username) {
      const res = await call(base, 'POST', '/v1/auth/login', undefined, { username, password: 'demo' });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
    socket(base, token) {
      return new Promise((resolve, reject) => {
        const socket = connect(`${base}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
        sockets.push(socket);
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', (err) => reject(err));
      });
    },
    async close() {
      for (const s of sockets) s.disconnect();
      await Promise.all([...apis, ...workers].map((c) => c.stop(5000)));
      await db.close();
      if (options.redisClusterNodes) return; // the cluster is the test's, and goes with it
      const redis = new Redis(redisUrl);
      try {
        await deleteKeysWithPrefix(redis, prefix);
      } finally {
        redis.disconnect();
      }
    },
  };
}
