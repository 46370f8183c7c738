/**
 * The signed-in session (access token, refresh token, user), kept in localStorage: a reload or
 * a new tab stays signed in, and tabs share one session (each refresh rotates the refresh
 * token, so they must — see auth-context.tsx). Signing out clears it for every tab.
 */
import { z } from 'zod';
import { ZUserSchema, type Role, type User } from '@borderflow/contracts';

export const SESSION_STORAGE_KEY = 'borderflow.session';

/** Sessions made before refresh tokens (and tests' fake ones) have only `token` and `user`. */
const ZStoredSessionSchema = z.object({
  token: z.string(),
  user: ZUserSchema,
  expiresAt: z.string().optional(),
  refreshToken: z.string().optional(),
  refreshExpiresAt: z.string().optional(),
});

export interface Session {
  token: string;
  user: User;
  /** When `token` expires (ISO 8601). */
  expiresAt?: string;
  /** Single use: exchanged for the next pair shortly before `expiresAt`. */
  refreshToken?: string;
  refreshExpiresAt?: string;
}

/**
 * Milliseconds-since-epoch expiry of the access token: `expiresAt`, else the JWT's `exp`, else
 * null (no expiry known: kept until the server refuses it).
 *
 * @example
 * accessExpiry(session); // 1764950400000
 */
export function accessExpiry(session: Pick<Session, 'token' | 'expiresAt'>): number | null {
  if (session.expiresAt) {
    const at = Date.parse(session.expiresAt);
    if (Number.isFinite(at)) return at;
  }
  try {
    const payload = session.token.split('.')[1];
    if (!payload) return null;
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof json.exp === 'number' ? json.exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * Reads a stored session text: null when absent, malformed or no longer usable (access token
 * expired and no live refresh token to renew it).
 */
export function parseSession(raw: string | null, now: number = Date.now()): Session | null {
  if (!raw) return null;
  try {
    const parsed = ZStoredSessionSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return null;
    const session = parsed.data;
    if (session.refreshToken) {
      const until = session.refreshExpiresAt ? Date.parse(session.refreshExpiresAt) : Number.POSITIVE_INFINITY;
      return until > now ? session : null;
    }
    const exp = accessExpiry(session);
    return exp !== null && exp <= now ? null : session;
  } catch {
    return null;
  }
}

/**
 * The stored session, or null when there is none or it can no longer be used.
 *
 * @example
 * const session = loadSession();
 */
export function loadSession(now: number = Date.now()): Session | null {
  try {
    return parseSession(localStorage.getItem(SESSION_STORAGE_KEY), now);
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  try {
    if (session) localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    else localStorage.removeItem(SESSION_STORAGE_KEY);
  } catch {
    // storage disabled: the session lives in memory only
  }
}

/** Where each role lands after signing in (and on `/`). */
export const HOME_BY_ROLE: Record<Role, string> = {
  driver: '/driver',
  operator: '/operator',
  manager: '/manager/map',
  admin: '/operator',
  agency: '/agency',
};
