/**
 * VNACCS polling mode, next to the callback: every `intervalMs` one process
 * (a Redis lock per adapter) asks the customs system for decisions since its
 * cursor, with a signed GET. The answer is signed too and is verified before
 * it is parsed, exactly like a callback; the decisions go through the same
 * apply path (deduplicated on messageId, so a decision that also came by
 * callback is applied once). The cursor advances only after the whole page
 * was applied, and is kept in Redis so a restart resumes where it stopped.
 */
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AgencyDecisionEnvelope } from '@borderflow/contracts';
import type { AgencyAdapters, AdapterRuntime } from '../agency-adapters.ts';
import { signRequest } from '../signing/request-signature.ts';
import { httpRequest } from '../delivery/http-request.ts';

export const CURSOR_HEADER = 'x-borderflow-cursor';

export interface DecisionPollers {
  /** Polls one adapter now (tests, the bench); resolves with how many decisions came. */
  pollOnce(adapter: string): Promise<number>;
  stop(): Promise<void>;
}

export type DecisionHandler = (adapter: AdapterRuntime, envelopes: AgencyDecisionEnvelope[]) => Promise<void>;

/**
 * @example
 * const pollers = startDecisionPollers(agencies, redis, logger, async (adapter, envelopes) => { ... });
 * await pollers.stop();
 */
export function startDecisionPollers(
  agencies: AgencyAdapters,
  redis: Redis | Cluster,
  logger: Logger,
  handle: DecisionHandler,
  options: { autoStart?: boolean } = {},
): DecisionPollers {
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;
  const running = new Set<Promise<unknown>>();

  async function pollOnce(name: string): Promise<number> {
    const runtime = agencies.get(name);
    const polling = runtime?.config.polling;
    if (!runtime || !polling) throw new Error(`adapter ${name} does not poll`);
    let total = 0;
    for (let page = 0; page < 50 && !stopped; page++) {
      const { cursor } = await runtime.inbound.stats();
      const url = new URL(polling.url);
      url.searchParams.set('after', cursor ?? '0');
      const res = await httpRequest(url, {
        method: 'GET',
        headers: signRequest(runtime.ring.signingKey, '', agencies.clock()),
        timeoutMs: runtime.config.delivery.timeoutMs,
      });
      const body = res.body;
      if (res.status !== 200) throw new Error(`poll answered HTTP ${res.status}`);
      await runtime.inbound.verify(res.headers as Record<string, string | string[] | undefined>, body, { replayGuard: false });
      const envelopes = runtime.inbound.decode(body);
      const header = res.headers[CURSOR_HEADER];
      const next = runtime.codec.decisionCursor(body.toString('utf8')) ?? (typeof header === 'string' ? header : null);
      if (envelopes.length > 0) await handle(runtime, envelopes);
      await runtime.inbound.setPollState({ ...(next ? { cursor: next } : {}), error: null });
      total += envelopes.length;
      if (envelopes.length < 100 || !next) break;
    }
    return total;
  }

  async function tick(runtime: AdapterRuntime): Promise<void> {
    const interval = runtime.config.polling!.intervalMs;
    // One poller per adapter across processes: the lock outlives a slow poll a little.
    const lock = `${runtime.delivery.keys.base}poll-lock`;
    if ((await redis.set(lock, '1', 'PX', interval * 3, 'NX')) === null) return;
    try {
      await pollOnce(runtime.config.name);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await runtime.inbound.setPollState({ error: message }).catch(() => undefined);
      logger.warn({ adapter: runtime.config.name, err: message }, 'decision poll failed');
    } finally {
      await redis.del(lock).catch(() => undefined);
    }
  }

  if (options.autoStart !== false) {
    for (const runtime of agencies.list()) {
      if (!runtime.config.polling) continue;
      const timer = setInterval(() => {
        if (stopped) return;
        const p = tick(runtime);
        running.add(p);
        void p.finally(() => running.delete(p));
      }, runtime.config.polling.intervalMs);
      timer.unref();
      timers.push(timer);
    }
  }

  return {
    pollOnce,
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}
