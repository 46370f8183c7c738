import { describe, expect, it } from 'vitest';
import { buildPath, matchPath } from './match-path.ts';
import { canOpen, resolveRoute } from '../routes/route-view.tsx';
import { APP_ROUTES } from '../routes/index.ts';

describe('matchPath', () => {
  it('matches literal segments and parameters, ignoring a trailing slash', () => {
    expect(matchPath('/operator', '/operator/')).toEqual({});
    expect(matchPath('/driver/trips/:tripId', '/driver/trips/a%20b')).toEqual({ tripId: 'a b' });
    expect(matchPath('/operator', '/operator/queue')).toBeNull();
    expect(matchPath('/driver/trips/:tripId', '/driver/trips/%E0%A4%A')).toBeNull();
  });

  it('builds paths with encoded parameters', () => {
    expect(buildPath('/driver/trips/:tripId', { tripId: 'a/b' })).toBe('/driver/trips/a%2Fb');
  });
});

describe('route table', () => {
  it('has one route per path and guards each by role', () => {
    const paths = APP_ROUTES.map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
    const board = resolveRoute(APP_ROUTES, '/operator')!.route;
    expect(canOpen(board, 'operator')).toBe(true);
    expect(canOpen(board, 'manager')).toBe(true);
    expect(canOpen(board, 'driver')).toBe(false);
    expect(canOpen(board, null)).toBe(false);
    expect(canOpen(resolveRoute(APP_ROUTES, '/operator/check-in')!.route, 'manager')).toBe(false);
    expect(canOpen(resolveRoute(APP_ROUTES, '/waits')!.route, null)).toBe(true);
    expect(resolveRoute(APP_ROUTES, '/driver/trips/t-1')?.params).toEqual({ tripId: 't-1' });
    expect(resolveRoute(APP_ROUTES, '/nope')).toBeNull();
  });
});
