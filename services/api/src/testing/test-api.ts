/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * A whole platform for one test file: a fresh migrated and seeded database,
 * a unique Redis key prefix, a real HTTP + Socket.IO server on port 0, and
 * small helpers to call it as the seeded demo users.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { openTestDatabase, type TestDatabase } from '@borderflow/db';
import { deleteKeysWithPrefix, testRedisUrl, uniqueId } from '@borderflow/testkit/testing';
import { Redis } from 'ioredis';
import { startPlatform, type Platform, type PlatformOptions } from '../platform.ts';
import { createLogger } from '../logger.ts';
import { createApiContext, type ApiContextInput } from '../create-app.ts';
import { loadAuthConfig } from '../auth/auth-config.ts';
import type { ApiContext } from '../context.ts';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';
/** The province feed's pseudonym secret in tests (a test recomputes a vehicleRef with it). */
export const TEST_PSEUDONYM_SECRET = 'test-pseudonym-secret-at-least-32-characters';
/** Bearer token of /metrics in tests (the environment's METRICS_* do not apply). */
export const TEST_METRICS_TOKEN = 'test-metrics-token';

/**
 * The platform on port 0 for a test: the test's database and Redis prefix, no feeder, quiet logs.
 * @example const platform = await startTestPlatform(await openTestDatabase(), `t:${uniqueId()}:`);
 */
export function startTestPlatform(database: TestDatabase, prefix: string, overrides: Partial<PlatformOptions> = {}): Promise<Platform> {
  return startPlatform({
    port: 0,
    host: '127.0.0.1',
    database,
    redisUrl: testRedisUrl(),
    prefix,
    feeder: false,
    jwtSecret: TEST_JWT_SECRET,
    provincePseudonymSecret: TEST_PSEUDONYM_SECRET,
    logger: createLogger({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' }),
    metrics: { token: TEST_METRICS_TOKEN, port: null },
    ...overrides,
  });
}

export interface HttpAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as is (malformed JSON, oversized bodies). */
  raw?: string;
  headers?: Record<string, string>;
}

export interface TestApi {
  platform: Platform;
  url: string;
  prefix: string;
  db: TestDatabase;
  /** Logs in once per user (password `demo`) and caches the token. */
  token(username: string): Promise<string>;
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<HttpAnswer<T>>;
  /** A connected `/live` socket (rejects with the connect_error). */
  socket(token: string): Promise<Socket>;
  close(): Promise<void>;
}

/**
 * @example
 * let t: TestApi;
 * beforeAll(async () => { t = await startTestApi(); });
 * afterAll(() => t.close());
 */
export async function startTestApi(
  overrides: Partial<PlatformOptions> = {},
  database: Parameters<typeof openTestDatabase>[0] = {},
): Promise<TestApi> {
  const db = await openTestDatabase(database);
  const prefix = `t:${uniqueId()}:`;
  const platform = await startTestPlatform(db, prefix, overrides);
  const tokens = new Map<string, string>();
  const sockets: Socket[] = [];

  const call = async <T = any>(method: string, path: string, options: CallOptions = {}): Promise<HttpAnswer<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${platform.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (docs page, metrics)
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  };

  return {
    platform,
    url: platform.url,
    prefix,
    db,
    call,
    async token(username) {
      const cached = tokens.get(username);
      if (cached) return cached;
      const r = await call('POST', '/v1/auth/login', { body: { username, password: 'demo' } });
      if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
      tokens.set(username, r.body.token);
      return r.body.token as string;
    },
    socket(token) {
      return new Promise((resolve, reject) => {
        const socket = connect(`${platform.url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
        sockets.push(socket);
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', (err) => reject(err));
      });
    },
    async close() {
      for (const s of sockets) s.disconnect();
      await platform.close();
      await db.close();
      const redis = new Redis(testRedisUrl());
      try {
        await deleteKeysWithPrefix(redis, prefix);
      } finally {
        redis.disconnect();
      }
    },
  };
}

/**
 * An ApiContext over a test platform's own stores and prefix, for tests that call route helpers directly or
 * build a second app beside the platform (a database gone, other limits).
 *
 * @example const ctx = testApiContext(t, { db: gone.prisma });
 */
export function testApiContext(t: TestApi, overrides: Partial<ApiContextInput> = {}): ApiContext {
  const logger = createLogger({ LOG_LEVEL: 'silent' });
  return createApiContext({
    db: t.db.prisma, redis: t.platform.redis, schedulers: t.platform.schedulers, prefix: t.prefix, logger,
    auth: loadAuthConfig({ JWT_SECRET: TEST_JWT_SECRET }, logger), ...overrides,
  });
}
