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
});
