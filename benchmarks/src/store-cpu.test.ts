import { expect, it } from 'vitest';
import { backendCpuDelta, cpuPerUnit, serverCpuSeconds } from './store-cpu.ts';

it('reads the CPU time of a running process (Linux: /proc; elsewhere null)', () => {
  const own = serverCpuSeconds(process.pid);
  if (process.platform === 'linux') expect(own).toBeGreaterThan(0);
  else expect(own).toBeNull();
});

it('counts what backends used in between, a backend started in between in full', () => {
  const before = new Map([[10, 1.5], [11, 2]]);
  const after = new Map([[10, 2.5], [12, 0.25]]);
  expect(backendCpuDelta(before, after)).toBe(1.25);
  expect(backendCpuDelta(null, after)).toBeNull();
});

it('spreads client and store CPU over the units of work', () => {
  expect(cpuPerUnit({ user: 800_000, system: 200_000 }, 0.5, 1000)).toEqual({ client_cpu_us: 1000, store_cpu_us: 500 });
  expect(cpuPerUnit({ user: 0, system: 0 }, null, 0)).toEqual({ client_cpu_us: 0, store_cpu_us: null });
});
