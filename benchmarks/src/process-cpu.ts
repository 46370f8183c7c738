/**
 * CPU time actually used by a process tree (Linux /proc), for benchmarks on a shared machine:
 * wall-clock figures grow when other work competes for the cores, CPU time per unit of work does not.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface ProcStat {
  pid: number;
  ppid: number;
  cpuMs: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(rest[1]), cpuMs: (Number(rest[11]) + Number(rest[12])) * TICK_MS };
  } catch {
    return null;
  }
}

function allStats(): ProcStat[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readStat(Number(d)))
    .filter((s): s is ProcStat => s !== null);
}

/** The pid of the process whose command line contains `marker`. */
export function findPid(marker: string): number | null {
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(marker)) return Number(d);
    } catch {
      // gone
    }
  }
  return null;
}

/**
 * CPU milliseconds (user + system) used so far by `root` and all its descendants alive now.
 *
 * @example
 * const before = treeCpuMs(pid); await work(); const used = treeCpuMs(pid) - before;
 */
export function treeCpuMs(root: number): number {
  const stats = allStats();
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  let total = 0;
  const stack = stats.filter((s) => s.pid === root);
  while (stack.length) {
    const s = stack.pop()!;
    total += s.cpuMs;
    stack.push(...(children.get(s.pid) ?? []));
  }
  return total;
}
