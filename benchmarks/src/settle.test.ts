import { afterEach, beforeEach, expect, it } from 'vitest';
import { testRedis, type TestRedis } from '@borderflow/testkit/testing';
import { streamBacklogs, unsettledGroups, waitForSettle } from './settle.ts';

let t: TestRedis;
beforeEach(() => { t = testRedis(); });
afterEach(() => t.cleanup());

it('counts what each group has not read or not acknowledged, until it has', async () => {
  const events = t.key('{g:KT}:events');
  await t.redis.xgroup('CREATE', events, 'persist', '$', 'MKSTREAM');
  await t.redis.xgroup('CREATE', events, 'fanout', '$');
  for (let i = 0; i < 3; i++) await t.redis.xadd(events, '*', 'seq', String(i));
  // persist has taken all three and acknowledged one; fanout has read none.
  const read = await t.redis.xreadgroup('GROUP', 'persist', 'c1', 'COUNT', 10, 'STREAMS', events, '>') as Array<[string, Array<[string, string[]]>]>;
  const ids = read[0]![1].map(([id]) => id);
  await t.redis.xack(events, 'persist', ids[0]!);
  expect(unsettledGroups(await streamBacklogs(t.redis, t.prefix)).sort()).toEqual([
    `fanout on ${events}: 0 pending, 3 unread`,
    `persist on ${events}: 2 pending, 0 unread`,
  ]);
  await t.redis.xack(events, 'persist', ...ids);
  await t.redis.xreadgroup('GROUP', 'fanout', 'c1', 'NOACK', 'STREAMS', events, '>');
  expect(unsettledGroups(await streamBacklogs(t.redis, t.prefix))).toEqual([]);
});

it('still sees unread entries when Redis cannot count the lag (a group set mid-stream, a deletion after it)', async () => {
  const events = t.key('{g:KT}:events');
  const [first, second] = [await t.redis.xadd(events, '*', 'seq', '1'), await t.redis.xadd(events, '*', 'seq', '2')];
  await t.redis.xadd(events, '*', 'seq', '3');
  await t.redis.xgroup('CREATE', events, 'persist', first!);
  await t.redis.xdel(events, second!);
  const info = await t.redis.call('XINFO', 'GROUPS', events) as unknown[][];
  expect(info[0]![info[0]!.indexOf('lag') + 1]).toBeNull();
  const [backlog] = await streamBacklogs(t.redis, t.prefix);
  expect(backlog).toMatchObject({ group: 'persist', pending: 0, unread: 1 });
});

it('gives up naming the group that never catches up', async () => {
  const events = t.key('{g:KT}:events');
  await t.redis.xgroup('CREATE', events, 'persist', '$', 'MKSTREAM');
  await t.redis.xadd(events, '*', 'seq', '1');
  await expect(waitForSettle({ redis: t.redis, prefix: t.prefix, databaseUrl: null, pids: [process.pid], timeoutMs: 50, windowMs: 20, idleCores: 100 }))
    .rejects.toThrow(/did not settle within 50 ms.*persist on .*: 0 pending, 1 unread/);
  await t.redis.xreadgroup('GROUP', 'persist', 'c1', 'NOACK', 'STREAMS', events, '>');
  const settled = await waitForSettle({ redis: t.redis, prefix: t.prefix, databaseUrl: null, pids: [process.pid], timeoutMs: 5000, windowMs: 20, idleCores: 100 });
  expect(settled).toMatchObject({ groups: 1, first_left: [] });
  expect(settled.idle_cores).not.toBeNull();
});
