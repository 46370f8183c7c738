/**
 * Where the JWT signing secret and the token lifetimes come from. Every API
 * process of one deployment must share the secret (a token issued by one
 * process is checked by another), so a random per-process secret is never used.
 */
import type { Logger } from 'pino';
import { devSecretFor } from './dev-secret.ts';

export const MIN_SECRET_LENGTH = 32;
/** Access tokens are short: a stolen one is worth 15 minutes; revocation is checked on each request anyway. */
export const DEFAULT_ACCESS_TTL_SECONDS = 15 * 60;
export const DEFAULT_REFRESH_TTL_SECONDS = 7 * 24 * 3600;

export interface AuthConfig {
  /** HS256 key bytes. */
  secret: Uint8Array;
  /** Access token lifetime, seconds. */
  ttlSeconds: number;
  /** Refresh token lifetime (each rotation starts a new one), seconds. */
  refreshTtlSeconds: number;
  issuer: string;
  audience: string;
}

export interface AuthConfigOverrides {
  /** Overrides JWT_SECRET (tests). */
  secret?: string;
  /** Where the development secret is kept; default DATA_DIR, else `.data`. */
  dataDir?: string;
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
}

function positiveSeconds(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of seconds ≥ 1 (got "${raw}")`);
  return n;
}

/**
 * Reads the signing secret and lifetimes; refuses to start in production
 * without a strong secret. Outside production without JWT_SECRET, the secret
 * is the data directory's own random one (see dev-secret.ts).
 *
 * @example
 * const auth = loadAuthConfig(process.env, logger); // throws in production if JWT_SECRET < 32 chars
 */
export function loadAuthConfig(
  env: NodeJS.ProcessEnv = process.env,
  logger?: Pick<Logger, 'warn' | 'info'>,
  overrides: AuthConfigOverrides = {},
): AuthConfig {
  const fromEnv = overrides.secret ?? env.JWT_SECRET;
  const production = env.NODE_ENV === 'production';
  let secret: string;
  if (fromEnv && fromEnv.length >= MIN_SECRET_LENGTH) {
    secret = fromEnv;
  } else if (production) {
    throw new Error(
      `JWT_SECRET must be set to at least ${MIN_SECRET_LENGTH} characters when NODE_ENV=production ` +
        `(got ${fromEnv ? `${fromEnv.length} characters` : 'nothing'}); refusing to start.`,
    );
  } else if (fromEnv) {
    logger?.warn(`JWT_SECRET is shorter than ${MIN_SECRET_LENGTH} characters; using it anyway outside production`);
    secret = fromEnv;
  } else {
    const dataDir = overrides.dataDir ?? env.DATA_DIR ?? '.data';
    secret = devSecretFor(dataDir);
    logger?.info?.({ dataDir }, 'JWT_SECRET is not set: using the random development secret of the data directory');
  }
  return {
    secret: new TextEncoder().encode(secret),
    ttlSeconds: overrides.accessTtlSeconds ?? positiveSeconds('ACCESS_TOKEN_TTL_SECONDS', env.ACCESS_TOKEN_TTL_SECONDS, DEFAULT_ACCESS_TTL_SECONDS),
    refreshTtlSeconds:
      overrides.refreshTtlSeconds ?? positiveSeconds('REFRESH_TOKEN_TTL_SECONDS', env.REFRESH_TOKEN_TTL_SECONDS, DEFAULT_REFRESH_TTL_SECONDS),
    issuer: 'borderflow',
    audience: 'borderflow-api',
  };
}
