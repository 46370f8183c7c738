/**
 * Where the page's time goes during the console benchmark (BENCH_PROFILE=1): a CPU profile
 * of the feed phase through the Chrome DevTools Protocol, summed by function (self time).
 */
import type { Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface CpuProfiler {
  stop(): Promise<Array<{ fn: string; selfMs: number }>>;
}

/** Starts sampling the page's JavaScript; `stop()` returns the top functions by self time. */
export async function startCpuProfile(page: Page): Promise<CpuProfiler> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
      const selfUs = new Map<number, number>();
      profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
      const byFn = new Map<string, number>();
      for (const node of profile.nodes) {
        const us = selfUs.get(node.id) ?? 0;
        if (!us) continue;
        const file = node.callFrame.url.split('/').pop() ?? '';
        const key = `${node.callFrame.functionName || '(anonymous)'} ${file}:${node.callFrame.lineNumber}`;
        byFn.set(key, (byFn.get(key) ?? 0) + us);
      }
      return [...byFn.entries()]
        .map(([fn, us]) => ({ fn, selfMs: Math.round(us / 100) / 10 }))
        .sort((a, b) => b.selfMs - a.selfMs)
        .slice(0, 25);
    },
  };
}
