import { afterAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { connectRedis } from './redis-connection.ts';
import { testRedisUrl } from '@borderflow/testkit/testing';

type WithScript = Redis & { bf_testEcho(numKeys: number, key: string, arg: string): Promise<string> };

const redis = connectRedis({ url: testRedisUrl() }) as WithScript;
afterAll(() => redis.quit());

describe('the shared, auto-pipelined connection', () => {
  it('answers every command of an open pipeline when a script is first defined while it gathers them', async () => {
    const key = `bf-test:${randomUUID()}`;
    // An open auto pipeline (commands issued in this turn), then a script defined at first use, as ours are.
    const before = redis.set(key, 'x');
    redis.defineCommand('bf_testEcho', { lua: "return redis.call('GET', KEYS[1]) .. ARGV[1]" });
    const echoed = redis.bf_testEcho(1, key, '!');
    const after = redis.get(key);
    expect(await Promise.all([before, echoed, after])).toEqual(['OK', 'x!', 'x']);
    await redis.del(key);
  });

  it('runs scripts in explicit and auto pipelines without copying them into each, and reloads one the server lost', async () => {
    const key = `bf-test:${randomUUID()}`;
    redis.defineCommand('bf_testTwice', { numberOfKeys: 1, lua: "return redis.call('INCRBY', KEYS[1], ARGV[1]) * 2" });
    const twice = redis as WithScript & { bf_testTwice(key: string, by: number): Promise<number> };
    // Not an own property of a pipeline: the connection's scripts are shared, not copied per pipeline.
    type Piped = { bf_testTwice(k: string, n: number): unknown };
    const pipeline = redis.pipeline();
    expect(Object.keys(pipeline)).not.toContain('bf_testTwice');
    (pipeline as unknown as Piped).bf_testTwice(key, 1);
    expect(await pipeline.exec()).toEqual([[null, 2]]);
    // The server forgets its scripts (a restart, a failover): NOSCRIPT inside a pipeline is retried as EVAL.
    await redis.script('FLUSH');
    const [a, b] = await Promise.all([twice.bf_testTwice(key, 1), twice.bf_testTwice(key, 1)]);
    expect([a, b]).toEqual([4, 6]);
    const again = redis.pipeline();
    (again as unknown as Piped).bf_testTwice(key, 1);
    await redis.script('FLUSH');
    expect(await again.exec()).toEqual([[null, 8]]);
    await redis.del(key);
  });
});
