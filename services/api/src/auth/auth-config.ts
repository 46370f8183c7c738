/**
 * Where the JWT signing secret comes from. Every API process of one
 * deployment must share it (a token issued by one process is checked by
 * another), so a random per-process secret is never used.
 */
import type { Logger } from 'pino';

/** Used only when NODE_ENV !== 'production' and JWT_SECRET is unset: fixed so several dev processes agree. */
export const DEV_JWT_SECRET = 'borderflow-development-only-secret-do-not-use-in-production';
export const MIN_SECRET_LENGTH = 32;

export interface AuthConfig {
  /** HS256 key bytes. */
  secret: Uint8Array;
  /** Token lifetime, seconds. */
  ttlSeconds: number;
  issuer: string;
}

/**
 * Reads the signing secret from the environment; refuses to start in
 * production without a strong one.
 *
 * @example
 * const auth = loadAuthConfig(process.env, logger); // throws in production if JWT_SECRET < 32 chars
 */
export function loadAuthConfig(
  env: NodeJS.ProcessEnv = process.env,
  logger?: Pick<Logger, 'warn'>,
  override?: string,
): AuthConfig {
  const fromEnv = override ?? env.JWT_SECRET;
  const production = env.NODE_ENV === 'production';
  let secret: string;
  if (fromEnv && fromEnv.length >= MIN_SECRET_LENGTH) {
    secret = fromEnv;
  } else if (production) {
    throw new Error(
      `JWT_SECRET must be set to at least ${MIN_SECRET_LENGTH} characters when NODE_ENV=production ` +
        `(got ${fromEnv ? `${fromEnv.length} characters` : 'nothing'}); refusing to start.`,
    );
  } else {
    if (fromEnv) {
      logger?.warn(`JWT_SECRET is shorter than ${MIN_SECRET_LENGTH} characters; using it anyway outside production`);
      secret = fromEnv;
    } else {
      logger?.warn('JWT_SECRET is not set: using the fixed development secret (never do this in production)');
      secret = DEV_JWT_SECRET;
    }
  }
  return { secret: new TextEncoder().encode(secret), ttlSeconds: 12 * 3600, issuer: 'borderflow' };
}
