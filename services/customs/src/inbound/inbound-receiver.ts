/**
 * The inbound half of an adapter: decisions arrive as raw bytes (JSON, VNACCS
 * XML or an EDIFACT CUSRES). In this order, and nothing is parsed before the
 * first step passes:
 *   1. the transport signature over the raw bytes (key by id, retired keys refused);
 *   2. the timestamp inside the replay window, and not a request already received
 *      (its signature is claimed atomically with SET NX PX; the claim is dropped if
 *      applying fails half-way, so that request may be retried, and kept once it
 *      succeeded, so it cannot be replayed);
 *   3. decode with the adapter's codec, validate each envelope against the contract,
 *      check its own signature, gate and agency.
 * Deduplication on messageId and applying the decision happen in the API,
 * in the database transaction that records it (durable).
 */
import type { Cluster, Redis } from 'ioredis';
import type { AgencyDecisionEnvelope } from '@borderflow/contracts';
import type { AdapterConfig } from '../config/adapter-config.ts';
import type { AdapterCodec } from '../codec-registry.ts';
import type { OutboxKeys } from '../delivery/outbox-keys.ts';
import { verifyEnvelope } from '../signing/envelope-signature.ts';
import type { KeyRing } from '../signing/key-ring.ts';
import { checkSignatureHeaders, verifyRequest, type HeaderSource } from '../signing/request-signature.ts';

export type RejectionCode = 'VALIDATION_FAILED' | 'UNAUTHENTICATED' | 'CONFLICT';

/** Why an inbound message was refused; the API maps `code` to its error (401, 409, 400). */
export class InboundRejection extends Error {
  constructor(
    readonly code: RejectionCode,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'InboundRejection';
  }
}

export interface InboundStats {
  lastReceivedAt: number | null;
  accepted: number;
  duplicates: number;
  rejected: number;
  lastPollAt: number | null;
  cursor: string | null;
  lastPollError: string | null;
}

export interface InboundReceiverOptions {
  adapter: AdapterConfig;
  ring: KeyRing;
  codec: AdapterCodec;
  redis: Redis | Cluster;
  keys: OutboxKeys;
  replayWindowMs: number;
  clock: () => number;
}

/**
 * @example
 * const envelopes = await receiver.receive(req.headers, rawBody); // throws InboundRejection
 * for (const e of envelopes) await apply(e);
 */
export class InboundReceiver {
  constructor(private readonly options: InboundReceiverOptions) {}

  get adapter(): AdapterConfig {
    return this.options.adapter;
  }

  /**
   * Verifies, then decodes; throws InboundRejection (counted as rejected). Call `accepted()`
   * once the decisions are applied: from then on the same signed request is a replay.
   */
  async receive(
    headers: HeaderSource,
    rawBody: Buffer,
  ): Promise<{ envelopes: AgencyDecisionEnvelope[]; accepted(): Promise<void>; failed(): Promise<void> }> {
    const { redis, keys, replayWindowMs } = this.options;
    let claimed: string | null = null;
    try {
      const mac = await this.verify(headers, rawBody);
      claimed = mac;
      const envelopes = this.decode(rawBody);
      await redis.hset(keys.inbound, 'lastReceivedAt', this.options.clock());
      return {
        envelopes,
        // Keep the claim for the whole replay window: from now on the same request is a replay.
        accepted: async () => void (await redis.set(keys.replay(mac), 'accepted', 'PX', 2 * replayWindowMs)),
        // Applying failed half-way: let the sender retry the same signed request.
        failed: async () => void (await redis.del(keys.replay(mac))),
      };
    } catch (err) {
      if (claimed) await redis.del(keys.replay(claimed)).catch(() => undefined);
      if (err instanceof InboundRejection) await this.count('rejected');
      throw err;
    }
  }

  /**
   * Step 1's header half, before any byte of the body is read: refuses a request without the
   * signature headers or with an unknown key (counted as rejected).
   *
   * @example
   * await receiver.precheck(req.headers); // throws InboundRejection('UNAUTHENTICATED', …)
   */
  async precheck(headers: HeaderSource): Promise<void> {
    const pre = checkSignatureHeaders(headers, this.options.ring, this.options.clock());
    if (pre.ok) return;
    await this.count('rejected');
    throw new InboundRejection('UNAUTHENTICATED', pre.reason, pre.message);
  }

  /**
   * Steps 1 and 2: signature on the raw bytes, age, replay. The answer to our own poll
   * request skips the replay check (two polls in one second may get the same empty page).
   */
  async verify(headers: HeaderSource, rawBody: Buffer, options: { replayGuard?: boolean } = {}): Promise<string> {
    const { ring, replayWindowMs, clock, redis, keys } = this.options;
    const check = verifyRequest(headers, rawBody, ring, clock(), replayWindowMs);
    if (!check.ok) throw new InboundRejection('UNAUTHENTICATED', check.reason, check.message);
    if (options.replayGuard === false) return check.mac;
    // A signature is unique per request (millisecond timestamps). Claimed atomically (SET NX PX): of two
    // copies racing, exactly one goes on; the other, like any later copy, is a replay. A check-then-set
    // (EXISTS, later SET) let both through.
    const claimed = await redis.set(keys.replay(check.mac), 'received', 'PX', 2 * replayWindowMs, 'NX');
    if (claimed !== 'OK') {
      throw new InboundRejection('CONFLICT', 'replayed', 'this signed request was already received (replay)');
    }
    return check.mac;
  }

  /** Step 3: decode and check each envelope. */
  decode(rawBody: Buffer): AgencyDecisionEnvelope[] {
    const { codec, adapter, ring, clock } = this.options;
    let envelopes: AgencyDecisionEnvelope[];
    try {
      envelopes = codec.decodeDecisions(codec.bodyText ? codec.bodyText(rawBody) : rawBody.toString('utf8'));
    } catch (err) {
      throw new InboundRejection('VALIDATION_FAILED', 'undecodable', `body is not a valid ${adapter.kind} decision message: ${firstLine(err)}`);
    }
    for (const e of envelopes) {
      if (!verifyEnvelope(e, ring, clock())) {
        throw new InboundRejection('UNAUTHENTICATED', 'bad_envelope_signature', `envelope ${e.messageId}: signature does not match`);
      }
      if (!adapter.gates.includes(e.gateCode)) {
        throw new InboundRejection('VALIDATION_FAILED', 'wrong_gate', `envelope ${e.messageId}: gate ${e.gateCode} is not served by adapter ${adapter.name}`);
      }
      if (e.payload.agency !== adapter.agency) {
        throw new InboundRejection(
          'VALIDATION_FAILED',
          'wrong_agency',
          `envelope ${e.messageId}: adapter ${adapter.name} speaks for ${adapter.agency}, not ${e.payload.agency}`,
        );
      }
    }
    return envelopes;
  }

  count(outcome: 'accepted' | 'duplicates' | 'rejected', n = 1): Promise<number> {
    return this.options.redis.hincrby(this.options.keys.inbound, outcome, n);
  }

  async setPollState(state: { cursor?: string; error?: string | null }): Promise<void> {
    const fields: (string | number)[] = ['lastPollAt', this.options.clock()];
    if (state.cursor !== undefined) fields.push('cursor', state.cursor);
    if (state.error !== undefined) fields.push('lastPollError', state.error ?? '');
    await this.options.redis.hset(this.options.keys.inbound, ...fields);
  }

  async stats(): Promise<InboundStats> {
    const h = await this.options.redis.hgetall(this.options.keys.inbound);
    const num = (v: string | undefined) => (v ? Number(v) : null);
    return {
      lastReceivedAt: num(h.lastReceivedAt),
      accepted: Number(h.accepted ?? 0),
      duplicates: Number(h.duplicates ?? 0),
      rejected: Number(h.rejected ?? 0),
      lastPollAt: num(h.lastPollAt),
      cursor: h.cursor ?? null,
      lastPollError: h.lastPollError || null,
    };
  }
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0]!.slice(0, 300);
}
