/**
 * Who is signed in, and the API client that speaks for them. A 401 from any call (expired or
 * revoked token) signs the user out and the login page says why.
 */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { ZLoginResponseSchema } from '@borderflow/contracts';
import { createApiClient, type ApiClient } from '../api/api-client.ts';
import { loadSession, saveSession, type Session } from './session.ts';

/** Why the user is on the login page (shown there). */
export type SignOutReason = 'expired' | null;

export interface Auth {
  session: Session | null;
  /** Throws ApiError (wrong password: UNAUTHENTICATED, too many tries: RATE_LIMITED…). */
  login(username: string, password: string): Promise<Session>;
  logout(reason?: SignOutReason): void;
  signOutReason: SignOutReason;
  api: ApiClient;
}

const AuthContext = createContext<Auth | null>(null);

/**
 * @example
 * <AuthProvider><Router>…</Router></AuthProvider>
 * <AuthProvider baseUrl={server.url} initialSession={session}>…</AuthProvider> // tests
 */
export function AuthProvider({ children, baseUrl = '', initialSession }: { children: ReactNode; baseUrl?: string; initialSession?: Session | null }) {
  const [session, setSession] = useState<Session | null>(() => (initialSession === undefined ? loadSession() : initialSession));
  const [signOutReason, setSignOutReason] = useState<SignOutReason>(null);
  // The client reads the token through a ref, so it never changes identity when the user does.
  const tokenRef = useRef<string | null>(session?.token ?? null);
  tokenRef.current = session?.token ?? null;

  const logout = useCallback((reason: SignOutReason = null) => {
    saveSession(null);
    tokenRef.current = null;
    setSession(null);
    setSignOutReason(reason);
  }, []);

  const api = useMemo(
    () => createApiClient({ baseUrl, getToken: () => tokenRef.current, onUnauthenticated: () => logout('expired') }),
    [baseUrl, logout],
  );

  const login = useCallback(
    async (username: string, password: string) => {
      const next = await api.post('/v1/auth/login', { username, password }, { schema: ZLoginResponseSchema });
      saveSession(next);
      tokenRef.current = next.token;
      setSession(next);
      setSignOutReason(null);
      return next;
    },
    [api],
  );

  const value = useMemo<Auth>(() => ({ session, login, logout, signOutReason, api }), [session, login, logout, signOutReason, api]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** @example const { session, logout } = useAuth(); */
export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth() outside <AuthProvider>');
  return value;
}

/** The signed-in user's API client. @example const api = useApi(); await api.get('/v1/trips'); */
export function useApi(): ApiClient {
  return useAuth().api;
}
