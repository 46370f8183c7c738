/**
 * The signed-in user, kept in sessionStorage: a booth PC shared between shifts forgets it when
 * the browser (tab) closes, and each tab may be signed in as someone else (the e2e tests open
 * one context per role).
 */
import { ZLoginResponseSchema, type Role, type User } from '@borderflow/contracts';

export const SESSION_STORAGE_KEY = 'borderflow.session';

export interface Session {
  token: string;
  user: User;
}

/** Seconds-since-epoch `exp` of a JWT, or null when it has none or cannot be read. */
function tokenExpiry(token: string): number | null {
  try {
    const payload = token.split('.')[1];
    if (!payload) return null;
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof json.exp === 'number' ? json.exp : null;
  } catch {
    return null;
  }
}

/**
 * The stored session, or null when there is none, it is malformed or its token has expired.
 *
 * @example
 * const session = loadSession();
 */
export function loadSession(now: number = Date.now()): Session | null {
  try {
    const raw = sessionStorage.getItem(SESSION_STORAGE_KEY);
    if (!raw) return null;
    const parsed = ZLoginResponseSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return null;
    const exp = tokenExpiry(parsed.data.token);
    if (exp !== null && exp * 1000 <= now) return null;
    return parsed.data;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  try {
    if (session) sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(SESSION_STORAGE_KEY);
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
