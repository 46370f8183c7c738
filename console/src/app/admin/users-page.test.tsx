import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import UsersPage from './users-page.tsx';
import { renderWithApp } from '../testing/render-app.tsx';
import { startHttpTestServer, type HttpTestServer } from '../testing/http-test-server.ts';

const ADMIN_ID = '00000000-0000-4000-8000-000000000001';
const DRIVER_ID = '00000000-0000-4000-8000-000000000002';
const user = (id: string, username: string, role: string, disabledAt: string | null = null) => ({
  id,
  username,
  role,
  displayName: username,
  companyId: null,
  agency: null,
  disabledAt,
  createdAt: '2026-12-01T00:00:00.000Z',
});

let server: HttpTestServer;
beforeAll(async () => {
  server = await startHttpTestServer({
    'GET /v1/admin/users': () => ({ status: 200, body: { users: [user(ADMIN_ID, 'admin1', 'admin'), user(DRIVER_ID, 'driver1', 'driver')] } }),
    [`POST /v1/admin/users/${DRIVER_ID}/disable`]: () => ({ status: 200, body: user(DRIVER_ID, 'driver1', 'driver', '2026-12-05T10:00:00.000Z') }),
    [`POST /v1/admin/users/${DRIVER_ID}/enable`]: () => ({ status: 200, body: user(DRIVER_ID, 'driver1', 'driver') }),
    [`PUT /v1/admin/users/${DRIVER_ID}/role`]: (r) => ({ status: 200, body: user(DRIVER_ID, 'driver1', (r.body as { role: string }).role) }),
  });
});
afterAll(() => server.close());

const session = { token: 'admin-token', user: { id: ADMIN_ID, username: 'admin1', role: 'admin' as const, displayName: 'admin1' } };

describe('UsersPage', () => {
  it('lists users, disables and enables one, and changes a role; the admin cannot act on themselves', async () => {
    const { user: u } = renderWithApp(<UsersPage />, { path: '/admin/users', baseUrl: server.url, session, locale: 'en', withNotices: true });
    const row = await screen.findByTestId('user-driver1');
    const me = screen.getByTestId('user-admin1');
    expect(within(me).queryByRole('button')).toBeNull();
    expect(within(me).getByRole('combobox')).toHaveProperty('disabled', true);

    await u.click(within(row).getByRole('button', { name: 'Disable' }));
    await waitFor(() => expect(within(row).getByText('Disabled')).toBeTruthy());
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', path: `/v1/admin/users/${DRIVER_ID}/disable` });
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer admin-token');

    await u.click(within(row).getByRole('button', { name: 'Enable' }));
    await waitFor(() => expect(within(row).getByText('Active')).toBeTruthy());

    await u.selectOptions(within(row).getByRole('combobox'), 'operator');
    await u.click(within(row).getByRole('button', { name: 'Save role' }));
    await waitFor(() => expect(server.requests.at(-1)).toMatchObject({ method: 'PUT', path: `/v1/admin/users/${DRIVER_ID}/role`, body: { role: 'operator' } }));
    await waitFor(() => expect(within(row).queryByRole('button', { name: 'Save role' })).toBeNull());
  });
});
