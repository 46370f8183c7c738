import { ROUTES } from '@borderflow/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import { useAuth } from './auth-context.tsx';
import { SESSION_STORAGE_KEY, type Session } from './session.ts';
import { renderWithApp } from '../testing/render-app.tsx';
import { errorBody, startHttpTestServer, type HttpTestServer } from '../testing/http-test-server.ts';

const USER = { id: 'u1', username: 'operator1', role: 'operator' as const, displayName: 'Lê Văn Cường' };
const later = (ms: number) => new Date(Date.now() + ms).toISOString();
const pair = (n: number) => ({ token: `access-${n}`, expiresAt: later(15 * 60_000), refreshToken: `refresh-${n}`, refreshExpiresAt: later(86_400_000), user: USER });

let server: HttpTestServer;
let issued = 1;
beforeAll(async () => {
  server = await startHttpTestServer({
    'GET /v1/me': (r) => (r.headers.authorization === `Bearer access-${issued}` ? { status: 200, body: USER } : { status: 401, body: errorBody('UNAUTHENTICATED', 'Token has expired') }),
    'POST /v1/auth/refresh': (r) => {
      if ((r.body as { refreshToken: string }).refreshToken !== `refresh-${issued}`) return { status: 401, body: errorBody('UNAUTHENTICATED', 'Refresh token was already used', 'refreshToken') };
      issued++;
      return { status: 200, body: pair(issued) };
    },
    'POST /v1/auth/logout': () => ({ status: 204 }),
  });
});
afterAll(() => server.close());

function Probe() {
  const { session, api, logout } = useAuth();
  return (
    <div>
      <span data-testid="token">{session?.token ?? 'signed out'}</span>
      <button type="button" onClick={() => void api.call(ROUTES.me).catch(() => undefined)}>
        me
      </button>
      <button type="button" onClick={() => logout()}>
        out
      </button>
    </div>
  );
}

describe('AuthProvider', () => {
  it('renews an expired access token with the refresh token on a 401, keeps the new pair in localStorage, and logout revokes on the server', async () => {
    issued = 1;
    const stale: Session = { ...pair(1), token: 'access-expired' };
    const { user } = renderWithApp(<Probe />, { baseUrl: server.url, session: stale });
    await user.click(screen.getByRole('button', { name: 'me' }));
    await waitFor(() => expect(screen.getByTestId('token').textContent).toBe('access-2'));
    const calls = server.requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization ?? ''}`);
    expect(calls).toEqual(['GET /v1/me Bearer access-expired', 'POST /v1/auth/refresh ', 'GET /v1/me Bearer access-2']);
    expect(JSON.parse(localStorage.getItem(SESSION_STORAGE_KEY)!)).toMatchObject({ token: 'access-2', refreshToken: 'refresh-2' });

    await user.click(screen.getByRole('button', { name: 'out' }));
    expect(screen.getByTestId('token').textContent).toBe('signed out');
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    await waitFor(() => expect(server.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/auth/logout' }));
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer access-2');
  });

  it('signs out when the refresh token is refused, and follows another tab signing in', async () => {
    issued = 5;
    const { user } = renderWithApp(<Probe />, { baseUrl: server.url, session: pair(1) });
    await user.click(screen.getByRole('button', { name: 'me' }));
    await waitFor(() => expect(screen.getByTestId('token').textContent).toBe('signed out'));

    // Another tab signs in: this one follows through the storage event.
    act(() => {
      localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(pair(5)));
      window.dispatchEvent(new StorageEvent('storage', { key: SESSION_STORAGE_KEY, newValue: JSON.stringify(pair(5)) }));
    });
    expect(screen.getByTestId('token').textContent).toBe('access-5');
  });

  it("apiAs(user) speaks only for that user: after someone else signs in on this browser it sends no token", async () => {
    issued = 7;
    const clients: { u1?: ReturnType<ReturnType<typeof useAuth>['apiAs']> } = {};
    function Owner() {
      const { apiAs, session } = useAuth();
      clients.u1 = apiAs('u1');
      return <span data-testid="who">{session?.user.id ?? 'nobody'}</span>;
    }
    renderWithApp(<Owner />, { baseUrl: server.url, session: pair(7) });
    await clients.u1!.call(ROUTES.me);
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer access-7');

    // Another user signs in (here from another tab): the first user's client must not borrow their token.
    const other = { ...pair(8), user: { ...USER, id: 'u2', username: 'operator2' } };
    act(() => {
      localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(other));
      window.dispatchEvent(new StorageEvent('storage', { key: SESSION_STORAGE_KEY, newValue: JSON.stringify(other) }));
    });
    expect(screen.getByTestId('who').textContent).toBe('u2');
    const before = server.requests.length;
    await expect(clients.u1!.call(ROUTES.me)).rejects.toMatchObject({ status: 401 });
    const sent = server.requests.slice(before);
    expect(sent.map((r) => r.path)).toEqual(['/v1/me']);
    expect(sent[0]!.headers.authorization).toBeUndefined();
  });
});
