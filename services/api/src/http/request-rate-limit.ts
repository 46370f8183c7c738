/**
 * Requests per account and per client IP, counted in Redis so every API
 * process shares the same budget. A fixed window per client: the first request
 * starts it, one Lua script increments the counters and reads what is left of
 * their windows atomically. A request costs one script call for all its counters
 * (on a Redis Cluster, one per client's slot, sent together: one round trip).
 *
 * Over the limit: 429 RATE_LIMITED with `Retry-After` (seconds to the end of
 * the window). Every answer carries `RateLimit-Limit`, `RateLimit-Remaining`
 * and `RateLimit-Reset` of the tighter of the two budgets.
 */
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { Cluster, Redis } from 'ioredis';
import { withLuaCommands, type LuaCommands } from '@borderflow/scheduler';
import { AppError } from '../app-error.ts';
import type { AccountBudget } from '../auth/require-auth.ts';
import { REFUSALS } from './refusal-words.ts';

export interface RequestRateLimit {
  /** Requests one client IP (an IPv6 /56) may make per window. */
  perIp: number;
  /** Requests one signed-in account may make per window, from any IP. */
  perAccount: number;
  windowMs: number;
}

/**
 * Generous enough that the demo traffic feeder (one account per role, all from loopback, at
 * speed 60) and the browser tests stay far below; tight enough that a script hammering the API
 * from one account or one address is stopped within a second of going above ~50 requests/s.
 */
export const DEFAULT_REQUEST_RATE_LIMIT: RequestRateLimit = { perIp: 12_000, perAccount: 3_000, windowMs: 60_000 };

/**
 * Reads RATE_LIMIT (`off` disables), RATE_LIMIT_PER_IP, RATE_LIMIT_PER_ACCOUNT and RATE_LIMIT_WINDOW_S.
 *
 * @example
 * loadRequestRateLimit({ RATE_LIMIT_PER_ACCOUNT: '600' }); // { perIp: 12000, perAccount: 600, windowMs: 60000 }
 */
export function loadRequestRateLimit(env: NodeJS.ProcessEnv): RequestRateLimit | false {
  if (/^(off|false|0|no)$/i.test(env.RATE_LIMIT?.trim() ?? '')) return false;
  const positive = (name: string, fallback: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1, got "${raw}"`);
    return n;
  };
  return {
    perIp: positive('RATE_LIMIT_PER_IP', DEFAULT_REQUEST_RATE_LIMIT.perIp),
    perAccount: positive('RATE_LIMIT_PER_ACCOUNT', DEFAULT_REQUEST_RATE_LIMIT.perAccount),
    windowMs: positive('RATE_LIMIT_WINDOW_S', DEFAULT_REQUEST_RATE_LIMIT.windowMs / 1000) * 1000,
  };
}

/**
 * Counts the counters KEYS[firstKey…], each with its window ARGV[firstWindow + i - firstKey] (ms), and
 * appends each one's count and ms left after this request to `out`: the first request of a window starts it.
 */
const countWindows = (firstKey: number, firstWindow: number) => `
for i = ${firstKey}, #KEYS do
  local window = ARGV[i - ${firstKey} + ${firstWindow}]
  local count = redis.call('INCR', KEYS[i])
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl < 0 then
    redis.call('PEXPIRE', KEYS[i], window)
    ttl = tonumber(window)
  end
  out[#out + 1] = count
  out[#out + 1] = ttl
end
`;

/*
  KEYS     counters of one client (all under one hash tag, so one Redis Cluster slot) for the current window
  ARGV[i]  the window length of KEYS[i], ms
  Returns {count, ms left} for each key in turn, after this request.
*/
const HITS_LUA = `local out = {}${countWindows(1, 1)}return out`;

/*
  A signed-in person's request on one Redis server: the session check and the budget in one call.
  KEYS[1]   the user's session version, KEYS[2] this session's logged-out mark (SessionRevocations.liveKeys)
  KEYS[3…]  the request's counters (any clients': one server takes every slot)
  ARGV[1]   the token's session version; ARGV[2…] the window of KEYS[3…], ms
  Returns {version or nil, logged-out mark or nil}, then {count, ms left} for each counter, counted only
  when the session is live by SessionRevocations.judge's rule; never for a logged-out session or a token
  below the version, nor when Redis no longer holds the version (the caller reads it from the database
  and counts after).
*/
const LIVE_HITS_LUA = `
local version = redis.call('GET', KEYS[1])
local loggedOut = redis.call('GET', KEYS[2])
local out = {version, loggedOut}
if loggedOut or not version or tonumber(ARGV[1]) < tonumber(version) then return out end
${countWindows(3, 2)}return out`;
const COMMANDS: LuaCommands = { bf_rateLimitHits: { lua: HITS_LUA }, bf_rateLimitLiveHits: { lua: LIVE_HITS_LUA } };

type HitsFn = (keyCount: number, ...keysThenWindows: Array<string | number>) => Promise<number[]>;
type LiveHitsFn = (keyCount: number, ...keysThenArgs: Array<string | number>) => Promise<[string | null, string | null, ...number[]]>;

/**
 * A budget of its own for a route that bots hammer (booking, a webhook test ping, a simulation start),
 * counted beside the general one: the same address limit, a tighter per-account limit, its own window.
 */
export interface RouteBudget {
  /** Names the counters (`<prefix><name>:rl:…`): routes naming the same budget share it. */
  name: string;
  perAccount: number;
  windowMs: number;
}

export interface RequestLimiter {
  ipOnly: RequestHandler;
  /**
   * For routes behind `requireAuth`, which spends it: the account is the verified principal, never a
   * claim of the request, and a person's session check shares the budget's round trip on one Redis server.
   */
  forAccount(budget?: RouteBudget): AccountBudget;
}

/** One counter a request spends: its key, its limit and window, and whether it is an account's (the refusal's wording). */
interface Counter {
  key: string;
  limit: number;
  windowMs: number;
  byAccount: boolean;
}

/**
 * Builds the limiter middleware. Every counter a request spends (the general address and account
 * budgets, and a route's own) is counted in one script call (on a Redis Cluster one per client, as each
 * client's counters share a slot: at most two calls, sent back to back on one connection, one round trip).
 * On one server a signed-in person's session check is in that same call (`forAccount`).
 *
 * @example
 * const limiter = requestRateLimiter(redis, 'bf:', DEFAULT_REQUEST_RATE_LIMIT);
 * router.post('/v1/bookings', requireAuth(auth, revocations, db, limiter.forAccount({ name: 'booking', perAccount: 30, windowMs: 60_000 })), handler);
 */
export function requestRateLimiter(
  redis: Redis | Cluster,
  prefix: string,
  limits: RequestRateLimit,
): RequestLimiter {
  const scripts = withLuaCommands<{ bf_rateLimitHits: HitsFn; bf_rateLimitLiveHits: LiveHitsFn }>(redis, COMMANDS);
  const hits = scripts.bf_rateLimitHits.bind(redis);
  const liveHits = scripts.bf_rateLimitLiveHits.bind(redis);
  // On one Redis server a script may touch any key: the address and account counters go in one call.
  // A Redis Cluster keeps each client's counters in its own slot (their hash tags): one call per client.
  const oneCall = (redis as { isCluster?: boolean }).isCluster !== true;

  /** The counters of a request: its address's, then (signed in) its account's; a route budget adds one of each. */
  const countersOf = (req: Request, accountId: string | null, budget?: RouteBudget): Counter[] => {
    const ip = `{${ipKeyGenerator(req.ip ?? 'unknown')}}`;
    const counters: Counter[] = [{ key: `${prefix}rl:ip:${ip}`, limit: limits.perIp, windowMs: limits.windowMs, byAccount: false }];
    if (budget) counters.push({ key: `${prefix}${budget.name}:rl:ip:${ip}`, limit: limits.perIp, windowMs: budget.windowMs, byAccount: false });
    if (accountId) {
      const acct = `{${accountId}}`;
      counters.push({ key: `${prefix}rl:acct:${acct}`, limit: limits.perAccount, windowMs: limits.windowMs, byAccount: true });
      if (budget) counters.push({ key: `${prefix}${budget.name}:rl:acct:${acct}`, limit: budget.perAccount, windowMs: budget.windowMs, byAccount: true });
    }
    return counters;
  };

  /** The counters' keys, then their windows: the scripts' KEYS and ARGV. */
  const keysThenWindows = (counters: readonly Counter[]): Array<string | number> =>
    [...counters.map((c) => c.key), ...counters.map((c) => c.windowMs)];

  /** Counts `counters` (the address's first, `ipCount` of them): {count, ms left} of each after this request. */
  const spend = async (counters: Counter[], ipCount: number): Promise<number[]> => {
    if (oneCall || counters.length === ipCount) return hits(counters.length, ...keysThenWindows(counters));
    const ip = counters.slice(0, ipCount);
    const account = counters.slice(ipCount);
    const [a, b] = await Promise.all([hits(ip.length, ...keysThenWindows(ip)), hits(account.length, ...keysThenWindows(account))]);
    return [...a, ...b];
  };

  /**
   * The tightest budget after this request (`counts[from + 2i]` is counter i's count, the next its ms left)
   * in the RateLimit headers; over it, 429 with Retry-After.
   */
  const settle = (res: Response, counters: readonly Counter[], counts: ReadonlyArray<unknown>, from: number, policy: string) => {
    const left = (i: number) => counters[i]!.limit - Number(counts[from + 2 * i]);
    let tight = 0;
    for (let i = 1; i < counters.length; i++) if (left(i) < left(tight)) tight = i;
    const { limit, byAccount } = counters[tight]!;
    const count = Number(counts[from + 2 * tight]);
    const resetS = Math.max(1, Math.ceil(Number(counts[from + 2 * tight + 1]) / 1000));
    res.setHeader('RateLimit-Limit', String(limit));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, limit - count)));
    res.setHeader('RateLimit-Reset', String(resetS));
    res.setHeader('RateLimit-Policy', policy);
    if (count > limit) {
      res.setHeader('Retry-After', String(resetS));
      throw AppError.worded('RATE_LIMITED', REFUSALS.tooManyRequests(byAccount, resetS));
    }
  };

  const check = async (req: Request, res: Response, accountId: string | null, policy: string, budget?: RouteBudget) => {
    const counters = countersOf(req, accountId, budget);
    settle(res, counters, await spend(counters, budget ? 2 : 1), 0, policy);
  };

  /** What `RateLimit-Policy` says for a request with (or without) an account and a route budget: the same for every such request. */
  const policyOf = (account: boolean, budget?: RouteBudget): string => {
    const budgets = [{ limit: limits.perIp, windowMs: limits.windowMs }];
    if (budget) budgets.push({ limit: limits.perIp, windowMs: budget.windowMs });
    if (account) budgets.push({ limit: limits.perAccount, windowMs: limits.windowMs });
    if (account && budget) budgets.push({ limit: budget.perAccount, windowMs: budget.windowMs });
    return [...new Set(budgets.map((b) => `${b.limit};w=${Math.round(b.windowMs / 1000)}`))].join(', ');
  };

  const ipPolicy = policyOf(false);
  const forAccount = new Map<string, AccountBudget>();
  return {
    ipOnly: async (req, res, next) => {
      await check(req, res, null, ipPolicy);
      next();
    },
    forAccount(budget) {
      const key = budget ? `${budget.name}:${budget.perAccount}:${budget.windowMs}` : '';
      let spender = forAccount.get(key);
      if (!spender) {
        const policy = policyOf(true, budget);
        spender = {
          spend: (req, res, accountId) => check(req, res, accountId, policy, budget),
          async spendIfLive(req, res, claims, revocations) {
            if (!oneCall) {
              // A Cluster: the session's keys and the counters live in different slots, so two calls, the check first.
              await revocations.assertLive(claims);
              await check(req, res, claims.id, policy, budget);
              return;
            }
            const counters = countersOf(req, claims.id, budget);
            const reply = await liveHits(2 + counters.length, ...revocations.liveKeys(claims), ...counters.map((c) => c.key),
              claims.sv, ...counters.map((c) => c.windowMs));
            if (reply.length > 2) {
              settle(res, counters, reply, 2, policy);
              return;
            }
            // Not counted: the session is over (this throws), or Redis no longer held the user's version,
            // which `judge` reads from the database; a live session then spends its budget on its own.
            await revocations.judge(claims, reply[0], reply[1]);
            await check(req, res, claims.id, policy, budget);
          },
        };
        forAccount.set(key, spender);
      }
      return spender;
    },
  };
}
