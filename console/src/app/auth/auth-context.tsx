/**
 * Who is signed in, and the API client that speaks for them. The access token is short (15 min):
 * it is renewed with the refresh token a minute before it expires, and once more on a 401; only
 * when that fails is the user signed out, and the login page says why. Tabs share the session
 * through localStorage; a refresh takes a cross-tab lock so two tabs never spend the same
 * single-use refresh token (the server would end the session as stolen).
 */
import { ROUTES } from '@borderflow/client';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createApiClient, type ApiClient } from '../api/api-client.ts';
import { isApiError } from '../api/api-error.ts';
import { useLocaleIfAny } from '../i18n/i18n-context.tsx';
import { accessExpiry, loadSession, parseSession, saveSession, SESSION_STORAGE_KEY, type Session } from './session.ts';

/** Why the user is on the login page (shown there). */
export type SignOutReason = 'expired' | null;

/** Renew this long before the access token expires. */
const RENEW_BEFORE_MS = 60_000;

export interface Auth {
  session: Session | null;
  /** Throws ApiError (wrong password: UNAUTHENTICATED, too many tries: RATE_LIMITED…). */
  login(username: string, password: string): Promise<Session>;
  /** `null` (the user's choice) also ends the session on the server; 'expired' only here. */
  logout(reason?: SignOutReason): void;
  /** A fresh access token from the refresh token, or null when the session cannot be renewed. */
  renew(): Promise<string | null>;
  signOutReason: SignOutReason;
  api: ApiClient;
  /**
   * A client that speaks only for `userId`: while nobody or another user is signed in it sends no
   * token, and a renewal that yields someone else's token is not used. For work queued under one
   * user and sent later (the lane board's offline actions): never under the next user's token.
   */
  apiAs(userId: string): ApiClient;
}

const AuthContext = createContext<Auth | null>(null);

/** Runs `task` while holding the cross-tab refresh lock (Web Locks), or directly where there is none. */
function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
  return locks ? (locks.request('borderflow.refresh', task) as Promise<T>) : task();
}

/**
 * @example
 * <AuthProvider><Router>…</Router></AuthProvider>
 * <AuthProvider baseUrl={server.url} initialSession={session}>…</AuthProvider> // tests
 */
export function AuthProvider({ children, baseUrl = '', initialSession }: { children: ReactNode; baseUrl?: string; initialSession?: Session | null }) {
  const [session, setSession] = useState<Session | null>(() => (initialSession === undefined ? loadSession() : initialSession));
  const [signOutReason, setSignOutReason] = useState<SignOutReason>(null);
  // The client reads the session through a ref, so it never changes identity when the token does.
  const sessionRef = useRef<Session | null>(session);
  const renewing = useRef<Promise<string | null> | null>(null);
  // Every call carries the chosen language (Accept-Language), so the server's refusals and report
  // pages come in it rather than in the browser's; read through a ref so clients keep their identity.
  const locale = useLocaleIfAny();
  const localeRef = useRef(locale);
  useEffect(() => {
    localeRef.current = locale;
  }, [locale]);
  const language = useCallback(() => localeRef.current, []);

  const adopt = useCallback((next: Session | null) => {
    sessionRef.current = next;
    setSession(next);
  }, []);

  // Unauthenticated calls (login, refresh, logout) go through their own client: no renew loop.
  const bare = useMemo(() => createApiClient({ baseUrl, language }), [baseUrl, language]);

  const endHere = useCallback(
    (reason: SignOutReason) => {
      saveSession(null);
      adopt(null);
      setSignOutReason(reason);
    },
    [adopt],
  );

  const logout = useCallback(
    (reason: SignOutReason = null) => {
      const ending = sessionRef.current;
      endHere(reason);
      // The user's own sign-out also revokes the session on the server (its tokens and sockets).
      if (reason === null && ending) {
        void createApiClient({ baseUrl, language, getToken: () => ending.token })
          .call(ROUTES.logout)
          .catch(() => undefined);
      }
    },
    [baseUrl, endHere, language],
  );

  const renew = useCallback((): Promise<string | null> => {
    renewing.current ??= withRefreshLock(async () => {
      const current = sessionRef.current;
      if (!current?.refreshToken) return null;
      // Another tab may have renewed while we waited for the lock: use its session.
      const stored = loadSession();
      if (stored?.refreshToken && stored.refreshToken !== current.refreshToken && stored.user.id === current.user.id) {
        adopt(stored);
        return stored.token;
      }
      try {
        const next = await bare.call(ROUTES.refreshSession, { body: { refreshToken: current.refreshToken } });
        saveSession(next);
        adopt(next);
        return next.token;
      } catch (err) {
        // Refused: the session is over. Anything else (network): keep it and try again later.
        if (isApiError(err) && err.status === 401) return null;
        return current.token;
      }
    }).finally(() => {
      renewing.current = null;
    });
    return renewing.current;
  }, [adopt, bare]);

  const api = useMemo(
    () => createApiClient({ baseUrl, language, getToken: () => sessionRef.current?.token ?? null, renewToken: renew, onUnauthenticated: () => logout('expired') }),
    [baseUrl, renew, logout, language],
  );

  const apiAs = useCallback(
    (userId: string) => {
      const mine = () => (sessionRef.current?.user.id === userId ? sessionRef.current.token : null);
      return createApiClient({
        baseUrl,
        getToken: mine,
        renewToken: async () => {
          if (!mine()) return null;
          const token = await renew();
          return mine() ? token : null;
        },
      });
    },
    [baseUrl, renew],
  );

  // Renew a minute before the access token expires.
  useEffect(() => {
    if (!session?.refreshToken) return;
    const expiry = accessExpiry(session);
    if (expiry === null) return;
    const timer = setTimeout(() => {
      void renew().then((token) => {
        if (token === null) endHere('expired');
      });
    }, Math.max(0, expiry - Date.now() - RENEW_BEFORE_MS));
    return () => clearTimeout(timer);
  }, [session, renew, endHere]);

  // Another tab signed in, renewed or signed out.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key !== SESSION_STORAGE_KEY && event.key !== null) return;
      const next = parseSession(event.newValue);
      adopt(next);
      if (!next) setSignOutReason(null);
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [adopt]);

  const login = useCallback(
    async (username: string, password: string) => {
      const next = await bare.call(ROUTES.login, { body: { username, password } });
      saveSession(next);
      adopt(next);
      setSignOutReason(null);
      return next;
    },
    [bare, adopt],
  );

  const value = useMemo<Auth>(
    () => ({ session, login, logout, renew, signOutReason, api, apiAs }),
    [session, login, logout, renew, signOutReason, api, apiAs],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** @example const { session, logout } = useAuth(); */
export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth() outside <AuthProvider>');
  return value;
}

/** The signed-in user's API client. @example const api = useApi(); await api.call(ROUTES.listTrips); */
export function useApi(): ApiClient {
  return useAuth().api;
}
