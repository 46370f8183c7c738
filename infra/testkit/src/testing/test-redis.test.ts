import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './free-port.ts';
import { testRedis, type TestRedis } from './test-redis.ts';
import { uniqueId } from './unique-id.ts';

const opened: TestRedis[] = [];
function open(): TestRedis {
  const t = testRedis();
  opened.push(t);
  return t;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.cleanup()));
});

describe('testRedis', () => {
  it('hands out a client and a unique t:<random>: prefix', async () => {
    const a = open();
    const b = open();
    expect(a.prefix).toMatch(/^t:[a-z0-9]{10}:$/);
    expect(a.prefix).not.toBe(b.prefix);
    expect(a.key('{g:KT}:events')).toBe(`${a.prefix}{g:KT}:events`);
    expect(await a.redis.ping()).toBe('PONG');
  });

  it('cleanup deletes only its own keys, across many SCAN pages, and closes the client', async () => {
    const mine = testRedis();
    const other = open();
    const pipeline = mine.redis.pipeline();
    for (let i = 0; i < 2500; i++) pipeline.set(mine.key(`k${i}`), i);
    pipeline.set(other.key('keep'), 'yes');
    await pipeline.exec();

    await mine.cleanup();
    expect(mine.redis.status).toBe('end');
    const [, leftovers] = await other.redis.scan('0', 'MATCH', `${mine.prefix}*`, 'COUNT', 10_000);
    expect(leftovers).toEqual([]);
    expect(await other.redis.get(other.key('keep'))).toBe('yes');
  });
});

describe('uniqueId', () => {
  it('is lowercase alphanumeric with the given prefix and does not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => uniqueId('db_')));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^db_[a-z0-9]{10}$/);
  });
});

describe('freePort', () => {
  it('returns a port that can be bound', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(1023);
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });
});
