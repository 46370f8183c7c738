import { expect, it } from 'vitest';
import { packageOf, summarizeProfile, type CpuProfile } from './cpu-profile-summary.ts';

it('names the package or area of a script', () => {
  expect(packageOf('file:///w/node_modules/@prisma/client/runtime/client.js')).toBe('@prisma/client');
  expect(packageOf('file:///w/node_modules/pg/lib/client.js')).toBe('pg');
  expect(packageOf('node:internal/streams/writable')).toBe('node:internals');
  expect(packageOf('file:///w/services/api/src/routes/trips.ts')).toBe('borderflow:services/api');
  expect(packageOf('')).toBe('(native/V8)');
});

it('sums self time per function and package, and inclusive time of our own functions', () => {
  const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 5] },
      { id: 2, callFrame: frame('handler', 'file:///w/services/api/src/routes/trips.ts'), children: [3] },
      { id: 3, callFrame: frame('query', 'file:///w/node_modules/pg/lib/client.js'), children: [] },
      { id: 5, callFrame: frame('(idle)', ''), children: [] },
    ],
    // Sample ids and the µs before each: 3 ms in pg under our handler, 1 ms in the handler, 6 ms idle.
    samples: [3, 3, 3, 2, 5, 5],
    timeDeltas: [1000, 1000, 1000, 1000, 3000, 3000],
    startTime: 0,
    endTime: 10_000,
  };
  const s = summarizeProfile(profile);
  expect(s.totalMs).toBe(10);
  expect(s.packages).toEqual([
    { name: '(idle)', ms: 6, share: 0.6 },
    { name: 'pg', ms: 3, share: 0.3 },
    { name: 'borderflow:services/api', ms: 1, share: 0.1 },
  ]);
  expect(s.functions[0]).toMatchObject({ name: '(idle)', ms: 6 });
  expect(s.ours).toEqual([{ name: 'handler', where: 'src/routes/trips.ts:1', ms: 4, share: 0.4 }]);
  // Only the last 6 ms: the idle samples at the end.
  expect(summarizeProfile(profile, 25, 6).packages).toEqual([{ name: '(idle)', ms: 6, share: 1 }]);
});
