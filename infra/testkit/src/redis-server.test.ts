import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServerHandle } from './redis-server.ts';

let dir: string;
const started: RedisServerHandle[] = [];

async function start(options: { appendonly?: boolean; port?: number } = {}): Promise<RedisServerHandle> {
  const server = await startRedisServer({ dir, ...options });
  started.push(server);
  return server;
}

async function withClient<T>(url: string, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'borderflow-redis-server-test-'));
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
  await rm(dir, { recursive: true, force: true });
});

describe('startRedisServer', () => {
  it('starts a redis-server on 127.0.0.1 that answers PING', async () => {
    const server = await start();
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    expect(isAlive(server.pid)).toBe(true);
    await withClient(server.url, async (redis) => {
      expect(await redis.ping()).toBe('PONG');
      const config = await redis.config('GET', 'appendonly');
      expect(config).toEqual(['appendonly', 'yes']);
      expect(await redis.config('GET', 'appendfsync')).toEqual(['appendfsync', 'everysec']);
      expect(await redis.config('GET', 'save')).toEqual(['save', '']);
      expect(await redis.config('GET', 'dir')).toEqual(['dir', dir]);
    });
  });

  it('writes an append-only file in its dir', async () => {
    const server = await start();
    await withClient(server.url, (redis) => redis.set('k', 'v'));
    // Redis 7 keeps a multi-part AOF in appendonlydir/ (Redis 6: a single appendonly.aof).
    const multiPart = join(dir, 'appendonlydir');
    const files = existsSync(multiPart) ? readdirSync(multiPart) : readdirSync(dir);
    expect(files.some((file) => file.startsWith('appendonly.aof'))).toBe(true);
  });

  it('keeps its data across a stop and a restart on the same dir', async () => {
    const first = await start();
    await withClient(first.url, async (redis) => {
      await redis.set('gate:KT:seq', '42');
      await redis.zadd('gate:KT:queue', 1, 'trip-a', 2, 'trip-b');
      await redis.xadd('gate:KT:events', '*', 'type', 'check_in');
    });
    await first.stop();
    expect(isAlive(first.pid)).toBe(false);

    const second = await start();
    expect(second.pid).not.toBe(first.pid);
    await withClient(second.url, async (redis) => {
      expect(await redis.get('gate:KT:seq')).toBe('42');
      expect(await redis.zrange('gate:KT:queue', 0, -1)).toEqual(['trip-a', 'trip-b']);
      expect(await redis.xlen('gate:KT:events')).toBe(1);
    });
  });

  it('keeps writes older than a second across a crash (SIGKILL)', async () => {
    const first = await start();
    await withClient(first.url, (redis) => redis.set('before-crash', 'yes'));
    await new Promise((resolve) => setTimeout(resolve, 1500)); // appendfsync everysec
    await first.crash();

    const second = await start();
    await withClient(second.url, async (redis) => {
      expect(await redis.get('before-crash')).toBe('yes');
    });
  });

  it('stops: the process exits and the port refuses connections; stop() twice is fine', async () => {
    const server = await start({ appendonly: false });
    await server.stop();
    await server.stop();
    expect(isAlive(server.pid)).toBe(false);
    const redis = new Redis(server.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    redis.on('error', () => {});
    await expect(redis.connect()).rejects.toThrow(/ECONNREFUSED|Connection is closed/);
    redis.disconnect();
  });

  it('runs without AOF when appendonly is false', async () => {
    const server = await start({ appendonly: false });
    await withClient(server.url, async (redis) => {
      await redis.set('k', 'v');
      expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
    });
    expect(existsSync(join(dir, 'appendonlydir'))).toBe(false);
  });

  it('fails with redis-server\'s own message when the requested port is taken', async () => {
    const server = await start({ appendonly: false });
    const otherDir = await mkdtemp(join(tmpdir(), 'borderflow-redis-server-test-'));
    try {
      await expect(startRedisServer({ dir: otherDir, port: server.port, appendonly: false })).rejects.toThrow(
        /address already in use|another redis-server/i,
      );
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });
});
