/**
 * `Idempotency-Key` on POSTs that create (IETF draft-ietf-httpapi-idempotency-key-header):
 * the first successful answer is kept in Redis for a day under the caller's
 * account and the key, and a retry with the same key gets that answer again
 * (same status and body, `Idempotent-Replayed: true`) without creating a second
 * resource. Keys are per principal, so one client cannot read or block
 * another's answers by guessing keys. A key reused with another request
 * (method, path or body) is refused (400), and a retry while the first is
 * still running gets 409: the client waits and retries.
 */
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import type { Cluster, Redis } from 'ioredis';
import { ZIdempotencyKeySchema } from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import { REFUSALS } from './refusal-words.ts';

/** How long a first answer is kept: a client's retries of one request end within hours. */
export const IDEMPOTENCY_TTL_S = 24 * 60 * 60;
/** A first request that crashed the process must not block its key forever. */
const PENDING_TTL_S = 60;

export interface StoredAnswer {
  status: number;
  body: unknown;
  location?: string | undefined;
}

interface Record {
  fingerprint: string;
  answer?: StoredAnswer;
}

export interface Claim {
  replay?: StoredAnswer;
  complete(answer: StoredAnswer): Promise<void>;
  release(): Promise<void>;
}

export class IdempotencyStore {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly prefix: string,
  ) {}

  /**
   * The request's Idempotency-Key (null: none sent), or a VALIDATION_FAILED error naming the header.
   *
   * @example
   * store.keyOf(req); // 'a1b2-…' | null | AppError
   */
  keyOf(req: Request): string | null | AppError {
    const raw = req.headers['idempotency-key'];
    if (raw === undefined) return null;
    if (typeof raw === 'string' && ZIdempotencyKeySchema.safeParse(raw).success) return raw;
    const words = REFUSALS.idempotencyKeyFormat;
    return AppError.worded('VALIDATION_FAILED', words, 'Idempotency-Key', [
      { pointer: '/Idempotency-Key', field: 'Idempotency-Key', in: 'header', rule: 'format', detail: words.en },
    ]);
  }

  /**
   * Claims a key for this request, or answers the first request's stored result.
   *
   * @example
   * const claim = await store.claim(principal.id, key, req);
   * if (claim.replay) return send(claim.replay);
   * ...; await claim.complete({ status: 201, body });
   */
  async claim(principalId: string, key: string, req: Request): Promise<Claim> {
    return this.claimRequest(principalId, key, req.method, req.originalUrl.split('?')[0] ?? '', req.body ?? null);
  }

  /**
   * Claims a key for a request described by its method, path and JSON body: one registration of a
   * trip batch claims its key as the `POST /v1/trips` it stands for, so either route replays the other's answer.
   *
   * @example
   * const claim = await store.claimRequest(principal.id, item.idempotencyKey, 'POST', '/v1/trips', rawTrip);
   */
  async claimRequest(principalId: string, key: string, method: string, path: string, body: unknown): Promise<Claim> {
    const redisKey = `${this.prefix}idem:{${principalId}}:${key}`;
    const fingerprint = createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body)}`).digest('base64url');
    const pending: Record = { fingerprint };
    const won = await this.redis.set(redisKey, JSON.stringify(pending), 'EX', PENDING_TTL_S, 'NX');
    const claim: Claim = {
      complete: async (answer) => {
        await this.redis.set(redisKey, JSON.stringify({ fingerprint, answer } satisfies Record), 'EX', IDEMPOTENCY_TTL_S);
      },
      release: async () => {
        await this.redis.del(redisKey);
      },
    };
    if (won === 'OK') return claim;
    const stored = await this.redis.get(redisKey);
    // Released between our SET and GET: the first request failed, so this one may go ahead.
    if (stored === null) return this.claimRequest(principalId, key, method, path, body);
    const record = JSON.parse(stored) as Record;
    if (record.fingerprint !== fingerprint) {
      const words = REFUSALS.idempotencyKeyReused;
      throw AppError.worded('VALIDATION_FAILED', words, 'Idempotency-Key', [
        { pointer: '/Idempotency-Key', field: 'Idempotency-Key', in: 'header', rule: 'reused_key', detail: words.en },
      ]);
    }
    if (!record.answer) {
      throw AppError.worded('CONFLICT', REFUSALS.idempotencyInFlight, 'Idempotency-Key');
    }
    return { ...claim, replay: record.answer, complete: async () => {}, release: async () => {} };
  }
}
