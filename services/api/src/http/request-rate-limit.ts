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
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { Cluster, Redis } from 'ioredis';
import { withLuaCommands, type LuaCommands } from '@borderflow/scheduler';
import { AppError } from '../app-error.ts';
import { principalOf } from '../auth/require-auth.ts';
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

/*
  KEYS     counters of one client (all under one hash tag, so one Redis Cluster slot) for the current window
  ARGV[i]  the window length of KEYS[i], ms
  Returns {count, ms left} for each key in turn, after this request.
*/
const HITS_LUA = `
local out = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[i])
    ttl = tonumber(ARGV[i])
  end
  out[#out + 1] = count
  out[#out + 1] = ttl
end
return out
`;
const COMMANDS: LuaCommands = { bf_rateLimitHits: { lua: HITS_LUA } };

type HitsFn = (keyCount: number, ...keysThenWindows: Array<string | number>) => Promise<number[]>;

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

interface Budget {
  limit: number;
  windowMs: number;
  count: number;
  ttlMs: number;
  byAccount: boolean;
}

export interface RequestLimiter {
  ipOnly: RequestHandler;
  /** For routes behind `requireAuth`: the account is the verified principal, never a claim of the request. */
  withAccount(budget?: RouteBudget): RequestHandler;
}

/**
 * Builds the limiter middleware. Every counter a request spends (the general address and account
 * budgets, and a route's own) is counted in one script call (on a Redis Cluster one per client, as each
 * client's counters share a slot: at most two calls, sent back to back on one connection, one round trip).
 *
 * @example
 * const limiter = requestRateLimiter(redis, 'bf:', DEFAULT_REQUEST_RATE_LIMIT);
 * router.post('/v1/bookings', requireAuth(auth), limiter.withAccount({ name: 'booking', perAccount: 30, windowMs: 60_000 }), handler);
 */
export function requestRateLimiter(
  redis: Redis | Cluster,
  prefix: string,
  limits: RequestRateLimit,
): RequestLimiter {
  const hits = withLuaCommands<{ bf_rateLimitHits: HitsFn }>(redis, COMMANDS).bf_rateLimitHits.bind(redis);
  // On one Redis server a script may touch any key: the address and account counters go in one call.
  // A Redis Cluster keeps each client's counters in its own slot (their hash tags): one call per client.
  const oneCall = (redis as { isCluster?: boolean }).isCluster !== true;
  type Counter = { key: string; limit: number; windowMs: number; byAccount: boolean };

  /** Counts `keys` (one client's, each with its limit; any clients' on one server); the budgets after this request. */
  const spend = async (keys: Counter[]): Promise<Budget[]> => {
    const flat = await hits(keys.length, ...keys.map((k) => k.key), ...keys.map((k) => k.windowMs));
    return keys.map((k, i) => ({ ...k, count: flat[2 * i]!, ttlMs: flat[2 * i + 1]! }));
  };

  /** What `RateLimit-Policy` says for a request with (or without) an account and a route budget: the same for every such request. */
  const policyOf = (account: boolean, budget?: RouteBudget): string => {
    const budgets = [{ limit: limits.perIp, windowMs: limits.windowMs }];
    if (budget) budgets.push({ limit: limits.perIp, windowMs: budget.windowMs });
    if (account) budgets.push({ limit: limits.perAccount, windowMs: limits.windowMs });
    if (account && budget) budgets.push({ limit: budget.perAccount, windowMs: budget.windowMs });
    return [...new Set(budgets.map((b) => `${b.limit};w=${Math.round(b.windowMs / 1000)}`))].join(', ');
  };

  const check = async (req: Request, res: Parameters<RequestHandler>[1], accountId: string | null, policy: string, budget?: RouteBudget) => {
    const ip = `{${ipKeyGenerator(req.ip ?? 'unknown')}}`;
    const ipKeys: Counter[] = [{ key: `${prefix}rl:ip:${ip}`, limit: limits.perIp, windowMs: limits.windowMs, byAccount: false }];
    if (budget) ipKeys.push({ key: `${prefix}${budget.name}:rl:ip:${ip}`, limit: limits.perIp, windowMs: budget.windowMs, byAccount: false });
    const acctKeys: Counter[] = [];
    if (accountId) {
      const acct = `{${accountId}}`;
      acctKeys.push({ key: `${prefix}rl:acct:${acct}`, limit: limits.perAccount, windowMs: limits.windowMs, byAccount: true });
      if (budget) acctKeys.push({ key: `${prefix}${budget.name}:rl:acct:${acct}`, limit: budget.perAccount, windowMs: budget.windowMs, byAccount: true });
    }
    const budgets = oneCall || acctKeys.length === 0
      ? await spend([...ipKeys, ...acctKeys])
      : (await Promise.all([spend(ipKeys), spend(acctKeys)])).flat();
    const tightest = budgets.reduce((a, b) => (b.limit - b.count < a.limit - a.count ? b : a));
    const resetS = Math.max(1, Math.ceil(tightest.ttlMs / 1000));
    res.setHeader('RateLimit-Limit', String(tightest.limit));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, tightest.limit - tightest.count)));
    res.setHeader('RateLimit-Reset', String(resetS));
    res.setHeader('RateLimit-Policy', policy);
    if (tightest.count > tightest.limit) {
      res.setHeader('Retry-After', String(resetS));
      throw AppError.worded('RATE_LIMITED', REFUSALS.tooManyRequests(tightest.byAccount, resetS));
    }
  };

  const ipPolicy = policyOf(false);
  const withAccount = new Map<string, RequestHandler>();
  return {
    ipOnly: async (req, res, next) => {
      await check(req, res, null, ipPolicy);
      next();
    },
    withAccount(budget) {
      const key = budget ? `${budget.name}:${budget.perAccount}:${budget.windowMs}` : '';
      let handler = withAccount.get(key);
      if (!handler) {
        const policy = policyOf(true, budget);
        handler = async (req, res, next) => {
          await check(req, res, principalOf(req).id, policy, budget);
          next();
        };
        withAccount.set(key, handler);
      }
      return handler;
    },
  };
}
