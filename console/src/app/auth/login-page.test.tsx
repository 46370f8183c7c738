import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { LoginPage } from './login-page.tsx';
import { SESSION_STORAGE_KEY } from './session.ts';
import { renderWithApp } from '../testing/render-app.tsx';
import { errorBody, startHttpTestServer, type HttpTestServer } from '../testing/http-test-server.ts';

// A token whose payload has no `exp`: sessions without one are kept until the server refuses them.
const TOKEN = `h.${btoa(JSON.stringify({ sub: 'u1' }))}.s`;
let server: HttpTestServer;
beforeAll(async () => {
  server = await startHttpTestServer({
    'POST /v1/auth/login': (r) => {
      const { username, password } = r.body as { username: string; password: string };
      if (username === 'slow') return { status: 429, body: errorBody('RATE_LIMITED', 'Too many login attempts') };
      if (password !== 'demo') return { status: 401, body: errorBody('UNAUTHENTICATED', 'Wrong username or password') };
      return {
        status: 200,
        body: {
          token: TOKEN,
          expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
          refreshToken: 'refresh-1',
          refreshExpiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          user: { id: 'u1', username, role: 'operator', displayName: 'Lê Văn Cường' },
        },
      };
    },
  });
});
afterAll(() => server.close());

describe('LoginPage', () => {
  it('checks the fields with the contracts’ schema before sending anything', async () => {
    const { user } = renderWithApp(<LoginPage />, { path: '/login', baseUrl: server.url, locale: 'en' });
    const before = server.requests.length;
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByTestId('login-error').textContent).toBe('Username is required');
    expect(server.requests.length).toBe(before);
  });

  it('says why a sign-in failed, in the reader’s language', async () => {
    const { user } = renderWithApp(<LoginPage />, { path: '/login', baseUrl: server.url, locale: 'vi' });
    await user.type(screen.getByLabelText('Tên đăng nhập'), 'operator1');
    await user.type(screen.getByLabelText('Mật khẩu'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Đăng nhập' }));
    await waitFor(() => expect(screen.getByTestId('login-error').textContent).toBe('Sai tên đăng nhập hoặc mật khẩu'));
    await user.clear(screen.getByLabelText('Tên đăng nhập'));
    await user.type(screen.getByLabelText('Tên đăng nhập'), 'slow');
    await user.click(screen.getByRole('button', { name: 'Đăng nhập' }));
    await waitFor(() => expect(screen.getByTestId('login-error').textContent).toMatch(/quá nhiều lần/));
  });

  it('keeps the session (with its refresh token) in localStorage and goes where the user was going', async () => {
    const { user } = renderWithApp(<LoginPage />, { path: '/login?next=%2Foperator%2Fqueue', baseUrl: server.url, locale: 'en' });
    await user.type(screen.getByLabelText('Username'), 'operator1');
    await user.type(screen.getByLabelText('Password'), 'demo');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(window.location.pathname).toBe('/operator/queue'));
    // localStorage: a reload or a new tab stays signed in.
    expect(JSON.parse(localStorage.getItem(SESSION_STORAGE_KEY)!)).toMatchObject({ token: TOKEN, refreshToken: 'refresh-1', user: { role: 'operator' } });
    expect(server.requests.at(-1)?.body).toEqual({ username: 'operator1', password: 'demo' });
  });

  it('never follows ?next= off the site', async () => {
    const { user } = renderWithApp(<LoginPage />, { path: '/login?next=%2F%2Fevil.example', baseUrl: server.url, locale: 'en' });
    await user.type(screen.getByLabelText('Username'), 'operator1');
    await user.type(screen.getByLabelText('Password'), 'demo');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(window.location.pathname).toBe('/operator'));
  });
});
