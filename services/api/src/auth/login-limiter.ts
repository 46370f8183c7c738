/**
 * The login limiter, in Redis so every API process shares it. Attempts are
 * counted per account AND client IP: a stranger guessing `driver1`'s password
 * from their address slows only themselves, never driver1 at another one.
 * After `freeAttempts` attempts the next must wait 1 s, then 2 s, 4 s … up to
 * `maxDelayMs`; a successful login clears the count.
 *
 * Every attempt is counted when it starts (not when it fails), so a burst of
 * parallel guesses cannot all slip through before the first failure lands.
 */
import type { Cluster, Redis } from 'ioredis';

export interface LoginBackoff {
  /** Attempts allowed before the first wait. */
  freeAttempts: number;
  /** First wait, doubled after every further attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** The count is forgotten after this long without an attempt. */
  forgetAfterMs: number;
}

export const DEFAULT_LOGIN_BACKOFF: LoginBackoff = {
  freeAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60 * 1000,
  forgetAfterMs: 60 * 60 * 1000,
};

/*
 * KEYS[1] the account+IP hash: n = attempts so far, until = ms before which no attempt is allowed
 * ARGV[1] freeAttempts  ARGV[2] baseDelayMs  ARGV[3] maxDelayMs  ARGV[4] forgetAfterMs
 * Returns 0 when the attempt may go ahead, else the ms still to wait.
 * Uses the Redis clock so processes with skewed clocks agree.
 */
const ATTEMPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local waitUntil = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
if waitUntil > now then return waitUntil - now end
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
local free = tonumber(ARGV[1])
if n >= free then
  local delay = math.min(tonumber(ARGV[2]) * (2 ^ (n - free)), tonumber(ARGV[3]))
  redis.call('HSET', KEYS[1], 'until', now + delay)
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 0`;

/**
 * @example
 * const limiter = new LoginLimiter(redis, 'bf:');
 * const waitMs = await limiter.attempt('driver1', req.ip);
 * if (waitMs > 0) throw tooMany(waitMs);
 * ... on success: await limiter.succeeded('driver1', req.ip);
 */
export class LoginLimiter {
  private readonly backoff: LoginBackoff;

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly prefix: string,
    backoff: Partial<LoginBackoff> = {},
  ) {
    this.backoff = { ...DEFAULT_LOGIN_BACKOFF, ...backoff };
  }

  private key(account: string, ip: string): string {
    // The account in the hash tag: one slot per account, whatever the address.
    return `${this.prefix}login:{${account.normalize('NFKC').trim().toLowerCase()}}:${ip}`;
  }

  /** Counts an attempt; returns 0 when it may proceed, else how many ms to wait. */
  async attempt(account: string, ip: string): Promise<number> {
    const b = this.backoff;
    const wait = await this.redis.eval(
      ATTEMPT,
      1,
      this.key(account, ip),
      String(b.freeAttempts),
      String(b.baseDelayMs),
      String(b.maxDelayMs),
      String(b.forgetAfterMs),
    );
    return Number(wait);
  }

  /** The password was right: this account+IP starts afresh. */
  async succeeded(account: string, ip: string): Promise<void> {
    await this.redis.del(this.key(account, ip));
  }
}
