import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redisMonitor, testRedis, testRedisUrl, type TestRedis } from '@borderflow/testkit/testing';
import { deadLetterStream, eachEntry, startStreamConsumer, type StreamConsumer, type StreamConsumerOptions } from './stream-consumer.ts';
import { until } from './test-fixtures.ts';

let t: TestRedis;
let stream: string;
const consumers: StreamConsumer[] = [];

beforeEach(() => {
  t = testRedis();
  stream = t.key('events');
});
afterEach(async () => {
  for (const c of consumers.splice(0)) await c.stop();
  await t.cleanup();
});

function consumer(options: Partial<StreamConsumerOptions> & Pick<StreamConsumerOptions, 'handle'>): StreamConsumer {
  const c = startStreamConsumer({
    redis: t.redis, stream, group: 'g', semantics: { startAt: '0', maxAttempts: 3 }, blockMs: 100,
    claimIdleMs: 60_000, onError: () => undefined, ...options,
  });
  consumers.push(c);
  return c;
}


async function add(...values: string[]): Promise<void> {
  for (const v of values) await t.redis.xadd(stream, '*', 'v', v);
}

describe('startStreamConsumer', () => {
  it('a process killed between read and ack loses nothing: another consumer claims its entries', async () => {
    await add('1', '2', '3');
    const child = fork(fileURLToPath(new URL('./testing/crashing-consumer.ts', import.meta.url)),
      [testRedisUrl(), stream, 'g', 'doomed'], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
    const exit = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    expect(await exit).toBe('SIGKILL');
    // The crashed consumer read all three and acknowledged none.
    expect((await t.redis.xpending(stream, 'g'))[0]).toBe(3);

    const seen: string[] = [];
    const survivor = consumer({ consumerName: 'survivor', claimIdleMs: 200, claimEveryMs: 100, handle: eachEntry((_id, f) => void seen.push(f[1]!)) });
    await until(() => survivor.status().claimed === 3);
    await add('4');
    await until(() => seen.length === 4);
    await survivor.drained();
    expect(seen).toEqual(['1', '2', '3', '4']);
    expect((await t.redis.xpending(stream, 'g'))[0]).toBe(0);
    expect(await t.redis.xlen(deadLetterStream(stream))).toBe(0);
  });

  it('handles fresh entries without asking Redis for their delivery counts (a round trip before every live delta)', async () => {
    // MONITOR on the real server: every command any client sends, so the test sees what the consumer asked.
    const monitor = await redisMonitor(`redis://${t.redis.options.host}:${t.redis.options.port}`);
    const asked: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.includes(stream)) asked.push(args[0]!.toUpperCase());
    });
    try {
      const seen: string[] = [];
      const c = consumer({ handle: eachEntry((_id, f) => void seen.push(f[1]!)) });
      await c.drained();
      await add('1', '2');
      await until(() => seen.length === 2);
      await add('3');
      await until(() => seen.length === 3);
      await c.drained();
      expect(asked).toContain('XREADGROUP');
      expect(asked).toContain('XACK');
      expect(asked).not.toContain('XPENDING');
    } finally {
      monitor.disconnect();
    }
  });

  it('with ackInBackground, sends the next read with the acknowledgement, not after its answer, and loses nothing', async () => {
    const redis = t.redis.duplicate();
    // Whether each XREADGROUP went out while an XACK before it was still unanswered.
    const acks: { answered: boolean }[] = [];
    const readsBehindAck: boolean[] = [];
    const send = redis.sendCommand.bind(redis);
    redis.sendCommand = ((command, stream) => {
      if (command.name.toLowerCase() === 'xack') {
        const ack = { answered: false };
        acks.push(ack);
        void command.promise.finally(() => { ack.answered = true; });
      }
      if (command.name.toLowerCase() === 'xreadgroup' && acks.length) readsBehindAck.push(acks.some((a) => !a.answered));
      return send(command, stream);
    }) as typeof redis.sendCommand;
    const seen: string[] = [];
    const c = consumer({ redis, semantics: { startAt: '0', maxAttempts: 3, ackInBackground: true }, handle: eachEntry((_id, f) => void seen.push(f[1]!)) });
    await add('1', '2', '3');
    await until(() => seen.length === 3);
    await c.drained();
    expect(readsBehindAck).toContain(true);
    await c.stop();
    expect(c.status().acked).toBe(3);
    expect((await t.redis.xpending(stream, 'g'))[0]).toBe(0);
    redis.disconnect();
  });

  it('moves a poison message to the dead-letter stream after maxAttempts deliveries, and the rest flows', async () => {
    await add('1', 'poison', '3');
    const seen: string[] = [];
    let tries = 0;
    const c = consumer({
      handle: eachEntry((_id, f) => {
        if (f[1] === 'poison') {
          tries++;
          throw new Error('cannot handle this one');
        }
        seen.push(f[1]!);
      }),
    });
    await until(() => c.status().deadLettered === 1);
    await add('5');
    await until(() => seen.includes('5'));
    await c.drained();
    expect(tries).toBe(3);
    expect(seen).toEqual(['1', '3', '5']);
    const dead = await t.redis.xrange(deadLetterStream(stream), '-', '+');
    expect(dead).toHaveLength(1);
    const fields = dead[0]![1];
    expect(fields.slice(fields.indexOf('group'), fields.indexOf('group') + 2)).toEqual(['group', 'g']);
    expect(fields.slice(-2)).toEqual(['v', 'poison']);
    expect(fields[fields.indexOf('error') + 1]).toBe('cannot handle this one');
    expect((await t.redis.xpending(stream, 'g'))[0]).toBe(0);
  });

  it('dead-letters a message that crashed every consumer that read it, without handing it out again', async () => {
    await add('poison');
    // Three consumers died holding it: Redis counted three deliveries.
    for (const name of ['a', 'b', 'c']) {
      await t.redis.xgroup('CREATE', stream, 'g', '0', 'MKSTREAM').catch(() => undefined);
      if (name === 'a') await t.redis.xreadgroup('GROUP', 'g', name, 'COUNT', 1, 'STREAMS', stream, '>');
      else await t.redis.xclaim(stream, 'g', name, 0, (await t.redis.xrange(stream, '-', '+'))[0]![0]);
    }
    let handled = 0;
    const c = consumer({ claimIdleMs: 100, claimEveryMs: 100, handle: eachEntry(() => void handled++) });
    await until(() => c.status().deadLettered === 1);
    expect(handled).toBe(0);
    expect((await t.redis.xpending(stream, 'g'))[0]).toBe(0);
  });

  it('keeps retrying with maxAttempts Infinity, and starts a `$` group at new entries only', async () => {
    await add('old');
    let fail = true;
    const seen: string[] = [];
    const c = consumer({
      semantics: { startAt: '$', maxAttempts: Infinity },
      handle: eachEntry((_id, f) => {
        if (fail) throw new Error('down');
        seen.push(f[1]!);
      }),
    });
    await c.drained();
    await add('new');
    await until(() => c.status().failed >= 4);
    expect(c.status().deadLettered).toBe(0);
    fail = false;
    await until(() => seen.length === 1);
    expect(seen).toEqual(['new']);
  });
});
