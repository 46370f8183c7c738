/**
 * Sends the authority's decisions back to BorderFlow: signed callbacks (POST
 * to the profile's callbackUrl) and/or the polling log. Decisions about one
 * declaration go out one after another in their planned order (which may be
 * deliberately out of order); a failed callback is retried with backoff, an
 * answered one (2xx, or a 4xx refusal such as a stale amendment) is final.
 * While the authority is down it sends nothing.
 */
import { httpRequest, signRequest, type KeyRing } from '@borderflow/customs';
import type { AgencyDecisionEnvelope } from '@borderflow/contracts';
import type { AuthorityProfile } from './authority-config.ts';
import type { SimFormat } from './sim-format.ts';

export interface CallbackResult {
  messageId: string;
  declarationKey: string;
  amendment: number;
  status: number;
  attempts: number;
  body: string;
}

export interface DecisionSenderOptions {
  profile: AuthorityProfile;
  format: SimFormat;
  ring: KeyRing;
  isDown: () => boolean;
  /** Signature timestamps (the wall clock). */
  clock: () => number;
  maxAttempts?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export class DecisionSender {
  readonly results: CallbackResult[] = [];
  /** Every decision made available to polling, in order; the cursor is the index after the last one read. */
  readonly pollLog: AgencyDecisionEnvelope[] = [];
  private readonly chains = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: DecisionSenderOptions) {}

  /**
   * Queues a decision for `chain` (e.g. the declaration key): it goes once the
   * ones before it in the chain have, and not before `dueAt` (real ms epoch).
   */
  schedule(chain: string, envelope: AgencyDecisionEnvelope, dueAt: number, duplicate = false): Promise<void> {
    const previous = this.chains.get(chain) ?? Promise.resolve();
    const next = previous.then(async () => {
      const wait = dueAt - Date.now();
      if (wait > 0) await sleep(wait);
      await this.publish(envelope);
      if (duplicate) await this.publish(envelope);
    });
    this.chains.set(chain, next);
    this.pending.add(next);
    void next.finally(() => {
      this.pending.delete(next);
      if (this.chains.get(chain) === next) this.chains.delete(chain);
    });
    return next;
  }

  /** Resolves when everything scheduled so far has been sent (or given up). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  stop(): void {
    this.stopped = true;
  }

  private async publish(envelope: AgencyDecisionEnvelope): Promise<void> {
    if (this.options.profile.poll) this.pollLog.push(envelope);
    if (this.options.profile.callbackUrl) await this.callback(envelope);
  }

  private async callback(envelope: AgencyDecisionEnvelope): Promise<void> {
    const { profile, format, ring, clock } = this.options;
    const maxAttempts = this.options.maxAttempts ?? 40;
    const body = format.encodeDecisions([envelope]);
    for (let attempt = 1; attempt <= maxAttempts && !this.stopped; attempt++) {
      while (this.options.isDown() && !this.stopped) await sleep(50);
      try {
        // Signed anew per attempt: a retry is a new request, not a replay.
        const res = await httpRequest(profile.callbackUrl!, {
          method: 'POST',
          body,
          headers: { 'content-type': format.contentType, ...signRequest(ring.signingKey, body, clock()) },
          timeoutMs: 10_000,
        });
        const text = res.body.toString('utf8');
        if (res.status < 500 && res.status !== 429) {
          this.results.push({
            messageId: envelope.messageId, declarationKey: envelope.payload.declarationKey,
            amendment: envelope.payload.amendment, status: res.status, attempts: attempt, body: text.slice(0, 500),
          });
          return;
        }
      } catch {
        // BorderFlow unreachable: retry below.
      }
      await sleep(Math.min(2000, 25 * 2 ** attempt));
    }
  }
}
