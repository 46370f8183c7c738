/**
 * Circuit breaker of one adapter, shared by every worker process through
 * Redis. closed → (failureThreshold failures in a row) → open → (cooldown) →
 * half_open: one probe goes; its success closes the breaker, its failure
 * re-opens it. While open, jobs wait (delayed) without spending attempts, so
 * an outage of the far end never dead-letters messages by itself.
 */
import type { BreakerStatus } from '@borderflow/contracts';
import { runOutboxCommand, type OutboxClient } from './outbox-commands.ts';

export interface BreakerSettings {
  failureThreshold: number;
  cooldownMs: number;
  probeTimeoutMs: number;
}

export type BreakerPermit =
  | { allowed: true; probe: boolean }
  | { allowed: false; state: 'open' | 'half_open'; waitMs: number };

const iso = (ms: string | null | undefined) => (ms ? new Date(Number(ms)).toISOString() : null);

/**
 * @example
 * const breaker = new CircuitBreaker(redis, keys.breaker, { failureThreshold: 5, cooldownMs: 30_000, probeTimeoutMs: 15_000 });
 * const permit = await breaker.acquire(Date.now());
 * if (permit.allowed) { try { await send(); await breaker.success(Date.now()); } catch (e) { await breaker.failure(Date.now(), String(e)); } }
 */
export class CircuitBreaker {
  constructor(
    private readonly redis: OutboxClient,
    readonly key: string,
    private readonly settings: BreakerSettings,
  ) {}

  async acquire(now: number): Promise<BreakerPermit> {
    const r = (await runOutboxCommand(this.redis, 'breakerAcquire', [this.key], [Math.round(now), this.settings.probeTimeoutMs])) as [
      number,
      string,
      number?,
    ];
    if (r[0] === 1) return { allowed: true, probe: r[1] === 'probe' };
    return { allowed: false, state: r[1] as 'open' | 'half_open', waitMs: Math.max(1, Number(r[2] ?? 1)) };
  }

  /** Returns the state after recording. */
  async success(now: number): Promise<string> {
    return this.record(now, 'success', '');
  }

  async failure(now: number, error: string): Promise<string> {
    return this.record(now, 'failure', error.slice(0, 300));
  }

  private async record(now: number, outcome: 'success' | 'failure', error: string): Promise<string> {
    return (await runOutboxCommand(this.redis, 'breakerRecord', [this.key], [
      Math.round(now), outcome, this.settings.failureThreshold, this.settings.cooldownMs, error,
    ])) as string;
  }

  async status(): Promise<BreakerStatus & { lastSuccessAt: string | null; lastFailureAt: string | null; lastError: string | null }> {
    const h = await this.redis.hgetall(this.key);
    const state = (h.state ?? 'closed') as BreakerStatus['state'];
    return {
      state,
      since: iso(h.since),
      consecutiveFailures: Number(h.failures ?? 0),
      opened: Number(h.opened ?? 0),
      retryAt: state === 'open' ? iso(h.openUntil) : null,
      lastSuccessAt: iso(h.lastSuccessAt),
      lastFailureAt: iso(h.lastFailureAt),
      lastError: h.lastError ?? null,
    };
  }
}
