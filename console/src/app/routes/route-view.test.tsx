import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { RouteView } from './route-view.tsx';
import { APP_ROUTES } from './index.ts';
import type { AppRoute } from './app-route.ts';
import { renderWithApp } from '../testing/render-app.tsx';

const routes: AppRoute[] = [
  ...APP_ROUTES.filter((r) => r.path === '/login'),
  { path: '/operator', access: ['operator', 'admin'], nav: { label: 'nav.operator.board', order: 1 }, render: () => <p>board page</p> },
  { path: '/driver', access: ['driver'], nav: { label: 'nav.driver.trips', order: 2 }, render: () => <p>driver page</p> },
  { path: '/driver/trips/:tripId', access: ['driver'], render: ({ tripId }) => <p>trip {tripId}</p> },
  { path: '/waits', access: 'public', render: () => <p>public waits</p> },
];

describe('RouteView', () => {
  it('sends a visitor without a session to the login page, remembering where they were going', async () => {
    renderWithApp(<RouteView routes={routes} />, { path: '/operator?x=1', locale: 'en' });
    await screen.findByRole('heading', { name: 'Sign in' });
    expect(window.location.pathname + window.location.search).toBe(`/login?next=${encodeURIComponent('/operator?x=1')}`);
  });

  it('opens public pages without a session', async () => {
    renderWithApp(<RouteView routes={routes} />, { path: '/waits' });
    expect(await screen.findByText('public waits')).toBeTruthy();
  });

  it('shows a driver the page of their role with parameters, and refuses the operator board naming its roles', async () => {
    const { user } = renderWithApp(<RouteView routes={routes} />, { path: '/driver/trips/t-42', role: 'driver', locale: 'en' });
    expect(await screen.findByText('trip t-42')).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Main navigation' }).textContent).toBe('My trips');
    window.history.pushState(null, '', '/operator');
    window.dispatchEvent(new PopStateEvent('popstate'));
    const refusal = await screen.findByTestId('forbidden');
    expect(refusal.textContent).toContain('Operator, Administrator');
    expect(refusal.textContent).toContain('You are signed in as Driver');
    await user.click(screen.getByRole('link', { name: 'Go to my home page' }));
    expect(await screen.findByText('driver page')).toBeTruthy();
  });

  it('sends `/` to the home of the role and says when a page does not exist', async () => {
    renderWithApp(<RouteView routes={routes} />, { path: '/', role: 'operator' });
    expect(await screen.findByText('board page')).toBeTruthy();
    await waitFor(() => expect(window.location.pathname).toBe('/operator'));
    window.history.pushState(null, '', '/nowhere');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect((await screen.findByTestId('not-found')).textContent).toContain('/nowhere');
  });
});
