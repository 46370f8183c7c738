import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';

// Runs in a forked worker: proves the globalSetup's Redis reaches workers both ways.
describe('redis-global-setup', () => {
  it('gives workers REDIS_URL and the provided redisUrl, and that Redis answers', async () => {
    const url = process.env.REDIS_URL;
    expect(url).toMatch(/^redis:\/\//);
    expect(inject('redisUrl')).toBe(url);
    const redis = new Redis(url!, { maxRetriesPerRequest: 1 });
    try {
      expect(await redis.ping()).toBe('PONG');
    } finally {
      redis.disconnect();
    }
  });

  it('runs the test in a child process (forks pool)', () => {
    expect(process.send).toBeTypeOf('function');
  });
});
