import { expect, it } from 'vitest';
import { parseCommandStats, perRequest, type StoreCounters } from './store-counters.ts';

it('reads calls per command from INFO commandstats', () => {
  const info = '# Commandstats\r\ncmdstat_hgetall:calls=120,usec=300,usec_per_call=2.5\r\ncmdstat_evalsha:calls=7,usec=350\r\n';
  expect([...parseCommandStats(info)]).toEqual([['hgetall', 120], ['evalsha', 7]]);
});

it('divides the deltas by the requests, leaving INFO itself out', () => {
  const counters = (calls: Record<string, number>, cpu: number, xact: number | null, server: number | null): StoreCounters => ({
    redisCalls: new Map(Object.entries(calls)), redisCpuS: cpu, pgTransactions: xact, serverCpuS: server,
  });
  const before = counters({ hgetall: 100, info: 5 }, 1, 1000, 2);
  const after = counters({ hgetall: 300, evalsha: 10, info: 9 }, 1.5, 1800, 3);
  expect(perRequest(before, after, 100)).toEqual({
    redis_commands: 2.1,
    redis_top: { hgetall: 2, evalsha: 0.1 },
    redis_cpu_us: 5000,
    pg_transactions: 8,
    server_cpu_us: 10000,
  });
  expect(perRequest(counters({}, 0, null, null), counters({}, 0, null, null), 0).pg_transactions).toBeNull();
});
