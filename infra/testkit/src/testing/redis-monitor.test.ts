import { afterAll, describe, expect, it } from 'vitest';
import { parseMonitorLine, redisMonitor } from './redis-monitor.ts';
import { testRedis } from './test-redis.ts';

const t = testRedis();
afterAll(() => t.cleanup());

describe('redisMonitor', () => {
  it('reads a MONITOR line: time, source, arguments with their escapes', () => {
    expect(parseMonitorLine('1796629857.622545 [0 lua] "HMGET" "k:{x1}" "a\\"b" "\\xc3\\xa1" "l\\nm"')).toEqual({
      time: '1796629857.622545', source: 'lua', args: ['HMGET', 'k:{x1}', 'a"b', '\xc3\xa1', 'l\nm'],
    });
    expect(parseMonitorLine('OK')).toBeNull();
  });

  it('sees every command sent after it started, even when the server is busy as it starts', async () => {
    const key = `${t.prefix}monitored`;
    // Traffic already flowing when MONITOR is answered: its lines follow the +OK in the same chunk.
    let busy = true;
    const traffic = (async () => { while (busy) await t.redis.incr(`${t.prefix}busy`); })();
    const monitor = await redisMonitor(`redis://${t.redis.options.host}:${t.redis.options.port}`);
    const seen: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.includes(key)) seen.push(args);
    });
    try {
      await t.redis.set(key, 'Cửa khẩu');
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      busy = false;
      await traffic;
      monitor.disconnect();
    }
    expect(seen).toEqual([['set', key, 'Cửa khẩu']]);
  });
});
