/**
 * Revocation that holds in every API process at once. Two Redis keys per user,
 * under one hash tag (one cluster slot, so one MGET reads both):
 *
 * - `auth:{u:<id>}:sv` — the user's session version. Disabling, deleting or a
 *   role change bumps it (database first); an access token carrying a lower
 *   `sv` is refused. A missing key (Redis lost it, or it expired) is filled
 *   from the database, so losing Redis never resurrects a revoked token.
 * - `auth:{u:<id>}:sid:<sid>` — present while one session (refresh-token
 *   family) is logged out; it lives as long as an access token can.
 *
 * Each revocation is also published on `auth:revocations`, so every process
 * disconnects the sockets it holds (live/socket-sessions.ts).
 */
import type { Cluster, Redis } from 'ioredis';
import { duplicateRedis } from '../redis-connection.ts';
import type { PrismaClient } from '@borderflow/db';
import { AppError } from '../app-error.ts';
import type { AccessClaims } from './jwt.ts';
import { REFUSALS } from '../http/refusal-words.ts';

/** Cached versions are re-read from the database after a day without change. */
const VERSION_TTL_MS = 24 * 3600 * 1000;
/** A user row that is gone: no version of theirs is ever valid again. */
const GONE_VERSION = 2 ** 31 - 1;

// Set only if higher: a fill from a stale database read can never lower a bump.
const SET_IF_HIGHER = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '-1')
local v = tonumber(ARGV[1])
if v > cur then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return v
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return cur`;

/** What a revocation message says: all of a user's sessions below `sv`, or one session `sid`. */
export interface RevocationMessage {
  userId: string;
  sv?: number;
  sid?: string;
}

/**
 * @example
 * const revocations = new SessionRevocations(redis, 'bf:', prisma);
 * await revocations.assertLive(claims); // throws UNAUTHENTICATED when revoked
 */
export class SessionRevocations {
  readonly channel: string;

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly prefix: string,
    private readonly db: Pick<PrismaClient, 'user'>,
  ) {
    this.channel = `${prefix}auth:revocations`;
  }

  private versionKey(userId: string): string {
    return `${this.prefix}auth:{u:${userId}}:sv`;
  }

  private sessionKey(userId: string, sid: string): string {
    return `${this.prefix}auth:{u:${userId}}:sid:${sid}`;
  }

  private async setVersion(userId: string, sv: number): Promise<number> {
    return Number(await this.redis.eval(SET_IF_HIGHER, 1, this.versionKey(userId), String(sv), String(VERSION_TTL_MS)));
  }

  /** The current session version of a user (Redis, else the database). */
  async currentVersion(userId: string): Promise<number> {
    const cached = await this.redis.get(this.versionKey(userId));
    if (cached !== null) return Number(cached);
    return this.fillVersion(userId);
  }

  private async fillVersion(userId: string): Promise<number> {
    const user = await this.db.user.findUnique({
      where: { id: userId },
      select: { sessionVersion: true, deletedAt: true, disabledAt: true },
    });
    const sv = !user || user.deletedAt ? GONE_VERSION : user.sessionVersion;
    return this.setVersion(userId, sv);
  }

  /**
   * Throws `UNAUTHENTICATED` when the token's session was logged out or the
   * user's tokens were revoked since it was issued. One Redis round trip.
   *
   * @example
   * await revocations.assertLive(await verifyAccessToken(auth, token));
   */
  async assertLive(claims: AccessClaims): Promise<void> {
    const [version, loggedOut] = await this.redis.mget(...this.liveKeys(claims));
    await this.judge(claims, version ?? null, loggedOut ?? null);
  }

  /**
   * The two keys `assertLive` reads, in its order: the user's session version, then this session's
   * logged-out mark. The request limiter reads them in its own script on one Redis server
   * (http/request-rate-limit.ts `spendIfLive`), so a request's session check and budget are one round trip.
   *
   * @example
   * const [versionKey, loggedOutKey] = revocations.liveKeys(claims);
   */
  liveKeys(claims: AccessClaims): [string, string] {
    return [this.versionKey(claims.id), this.sessionKey(claims.id, claims.sid)];
  }

  /**
   * The verdict on what Redis held under `liveKeys`: throws `UNAUTHENTICATED` for a logged-out session or
   * a token older than the user's version; a version Redis lost is read from the database first.
   *
   * @example
   * await revocations.judge(claims, '3', null); // passes for a token with sv >= 3
   */
  async judge(claims: AccessClaims, version: string | null, loggedOut: string | null): Promise<void> {
    if (loggedOut !== null) throw AppError.worded('UNAUTHENTICATED', REFUSALS.sessionSignedOut);
    const sv = version !== null ? Number(version) : await this.fillVersion(claims.id);
    if (claims.sv < sv) throw AppError.worded('UNAUTHENTICATED', REFUSALS.accessChanged);
  }

  /**
   * Records the version a sign-in just read from the database, so the session's first request finds
   * it in Redis instead of reading the user row again (set only if higher: it never undoes a bump).
   *
   * @example
   * await revocations.remember(user.id, user.sessionVersion);
   */
  async remember(userId: string, sv: number): Promise<void> {
    await this.setVersion(userId, sv);
  }

  /**
   * Revokes every token of a user issued before version `sv` (already stored
   * in the database), here and in every process.
   *
   * @example
   * const user = await prisma.user.update({ where: { id }, data: { sessionVersion: { increment: 1 } } });
   * await revocations.revokeUser(user.id, user.sessionVersion);
   */
  async revokeUser(userId: string, sv: number): Promise<void> {
    await this.setVersion(userId, sv);
    await this.publish({ userId, sv });
  }

  /**
   * Ends one session (a refresh-token family): its access tokens are refused
   * for as long as they could be valid.
   *
   * @example
   * await revocations.revokeSession(claims.id, claims.sid, auth.ttlSeconds);
   */
  async revokeSession(userId: string, sid: string, ttlSeconds: number): Promise<void> {
    // A little longer than a token lives, for clock skew between processes.
    await this.redis.set(this.sessionKey(userId, sid), '1', 'PX', (ttlSeconds + 60) * 1000);
    await this.publish({ userId, sid });
  }

  private async publish(message: RevocationMessage): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify(message));
  }

  /**
   * Calls `onRevoke` for every revocation any process publishes. Uses its own
   * connection (a subscribed connection can do nothing else).
   *
   * @example
   * const stop = await revocations.subscribe((m) => disconnectMatching(m));
   * await stop();
   */
  async subscribe(onRevoke: (message: RevocationMessage) => void): Promise<() => Promise<void>> {
    const sub = duplicateRedis(this.redis, 'borderflow-revocations');
    sub.on('error', () => undefined);
    sub.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      try {
        const message = JSON.parse(text) as RevocationMessage;
        if (typeof message.userId === 'string') onRevoke(message);
      } catch {
        // Not ours: ignore.
      }
    });
    await sub.subscribe(this.channel);
    return async () => {
      await sub.quit().catch(() => sub.disconnect());
    };
  }
}
