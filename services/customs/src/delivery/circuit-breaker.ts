/**
 * Circuit breaker of one adapter, shared by every worker process through
 * Redis. closed → (failureThreshold failures in a row) → open → (cooldown) →
 * half_open: one probe goes; its success closes the breaker, its failure
 * re-opens it. While open, jobs wait (delayed) without spending attempts, so
 * an outage of the far end never dead-letters messages by itself.
 *
 * The common case costs no Redis call: a process that saw the breaker closed
 * with no failures trusts that for `localTrustMs` (default 250 ms), and records
 * successes only when there is something to reset. Another process opening the
 * breaker is thus seen here at most that long after.
 */
import type { BreakerStatus } from '@borderflow/contracts';
import { runOutboxCommand, type OutboxClient } from './outbox-commands.ts';

export interface BreakerSettings {
  failureThreshold: number;
  cooldownMs: number;
  probeTimeoutMs: number;
  /** How long this process trusts a closed, failure-free breaker without asking Redis. */
  localTrustMs?: number;
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
  /** Until when (ms, local clock) this process takes the breaker as closed and failure-free. */
  private trustedUntil = 0;

  constructor(
    private readonly redis: OutboxClient,
    readonly key: string,
    private readonly settings: BreakerSettings,
  ) {}

  private get trustMs(): number {
    return this.settings.localTrustMs ?? 250;
  }

  async acquire(now: number): Promise<BreakerPermit> {
    if (Date.now() < this.trustedUntil) return { allowed: true, probe: false };
    const r = (await runOutboxCommand(this.redis, 'breakerAcquire', [this.key], [Math.round(now), this.settings.probeTimeoutMs])) as [
      number,
      string,
      number?,
      number?,
    ];
    if (r[0] === 1) {
      if (r[1] === 'closed' && Number(r[2] ?? 0) === 0) this.trustedUntil = Date.now() + this.trustMs;
      return { allowed: true, probe: r[1] === 'probe' };
    }
    return { allowed: false, state: r[1] as 'open' | 'half_open', waitMs: Math.max(1, Number(r[2] ?? 1)) };
  }

  /** Returns the state after recording ('closed' without a Redis call when nothing needs resetting). */
  async success(now: number): Promise<string> {
    if (Date.now() < this.trustedUntil) return 'closed';
    const state = await this.record(now, 'success', '');
    this.trustedUntil = Date.now() + this.trustMs;
    return state;
  }

  async failure(now: number, error: string): Promise<string> {
    this.trustedUntil = 0;
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
