/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`, see BENCH_PROFILE in
 * bench-platform.ts) and says where the CPU went: self time per function and
 * per package (node_modules/<name>, node: internals, our own workspaces).
 *
 *   npx tsx benchmarks/src/cpu-profile-summary.ts benchmarks/results/profiles/<file>.cpuprofile [top] [lastSeconds]
 * `lastSeconds` keeps only the end of the profile (e.g. a benchmark's measured phase after its set-up).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time as a share of all samples (idle included), by function. */
  functions: Array<{ name: string; where: string; ms: number; share: number }>;
  /** The same by package/area. */
  packages: Array<{ name: string; ms: number; share: number }>;
  /** Inclusive time (self + everything it called) of BorderFlow's own functions. */
  ours: Array<{ name: string; where: string; ms: number; share: number }>;
}

/** The package or area a script URL belongs to. */
export function packageOf(url: string): string {
  if (!url) return '(native/V8)';
  if (url.startsWith('node:')) return 'node:internals';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const ours = /\/(services\/[^/]+|simulators\/[^/]+|prisma|infra|console|benchmarks)\//.exec(url);
  return ours ? `borderflow:${ours[1]}` : url;
}

/**
 * @example
 * const s = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), 20);
 * s.packages[0]; // { name: '@prisma/client', ms: 812, share: 0.31 }
 */
export function summarizeProfile(profile: CpuProfile, top = 25, lastMs = Infinity): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const frameName = (frame: ProfileNode['callFrame']) => ({
    name: frame.functionName || '(anonymous)',
    where: frame.url ? `${frame.url.replace(/^file:\/\//, '').split('/').slice(-3).join('/')}:${frame.lineNumber + 1}` : '',
  });
  const selfMs = new Map<number, number>();
  let totalMs = 0;
  const spanMs = profile.timeDeltas.reduce((a, b) => a + b, 0) / 1000;
  let atMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    atMs += ms;
    // Keep a sample whose interval starts inside the window.
    if (atMs - ms < spanMs - lastMs) return;
    totalMs += ms;
    selfMs.set(id, (selfMs.get(id) ?? 0) + ms);
  });
  const functions = new Map<string, { name: string; where: string; ms: number }>();
  const packages = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id)!.callFrame;
    const { name, where } = frameName(frame);
    const key = `${name}@${where}`;
    const f = functions.get(key) ?? { name, where, ms: 0 };
    f.ms += ms;
    functions.set(key, f);
    const pkg = name === '(idle)' ? '(idle)' : name === '(garbage collector)' ? '(garbage collector)' : packageOf(frame.url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  }
  // Inclusive: each sample counts once for every distinct BorderFlow frame on its stack.
  const ours = new Map<string, { name: string; where: string; ms: number }>();
  for (const [id, ms] of selfMs) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (!packageOf(frame.url).startsWith('borderflow:')) continue;
      const { name, where } = frameName(frame);
      const key = `${name}@${where}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const f = ours.get(key) ?? { name, where, ms: 0 };
      f.ms += ms;
      ours.set(key, f);
    }
  }
  const share = (ms: number) => Math.round((ms / Math.max(totalMs, 1e-9)) * 1000) / 1000;
  return {
    totalMs: Math.round(totalMs),
    functions: [...functions.values()].sort((a, b) => b.ms - a.ms).slice(0, top)
      .map((f) => ({ ...f, ms: Math.round(f.ms), share: share(f.ms) })),
    packages: [...packages].sort((a, b) => b[1] - a[1]).slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: share(ms) })),
    ours: [...ours.values()].sort((a, b) => b.ms - a.ms).slice(0, top)
      .map((f) => ({ ...f, ms: Math.round(f.ms), share: share(f.ms) })),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, top, lastSeconds] = process.argv.slice(2);
  if (!file) {
    console.error('usage: tsx benchmarks/src/cpu-profile-summary.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  const s = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(top ?? 25), lastSeconds ? Number(lastSeconds) * 1000 : Infinity);
  console.log(`total ${s.totalMs} ms\n\nby package:`);
  for (const p of s.packages) console.log(`  ${(p.share * 100).toFixed(1).padStart(5)}%  ${String(p.ms).padStart(7)} ms  ${p.name}`);
  console.log('\nBorderFlow functions (inclusive time):');
  for (const f of s.ours) console.log(`  ${(f.share * 100).toFixed(1).padStart(5)}%  ${String(f.ms).padStart(7)} ms  ${f.name}  ${f.where}`);
  console.log('\nby function (self time):');
  for (const f of s.functions) console.log(`  ${(f.share * 100).toFixed(1).padStart(5)}%  ${String(f.ms).padStart(7)} ms  ${f.name}  ${f.where}`);
}
