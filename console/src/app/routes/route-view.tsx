/**
 * Picks the route for the current path and guards it: no session → /login?next=…,
 * wrong role → a "not allowed" page naming the roles, `/` → the role's home.
 */
import { Suspense, useEffect } from 'react';
import type { Role } from '@borderflow/contracts';
import { useAuth } from '../auth/auth-context.tsx';
import { HOME_BY_ROLE } from '../auth/session.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { matchPath, type RouteParams } from '../router/match-path.ts';
import { Link, useRouter } from '../router/router.tsx';
import { AppLayout } from '../layout/app-layout.tsx';
import type { AppRoute } from './app-route.ts';

/**
 * The route matching `pathname`, with its parameters.
 *
 * @example
 * resolveRoute(APP_ROUTES, '/driver/trips/t1'); // { route: {...}, params: { tripId: 't1' } }
 */
export function resolveRoute(routes: readonly AppRoute[], pathname: string): { route: AppRoute; params: RouteParams } | null {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}

/** May `role` open `route`? */
export function canOpen(route: AppRoute, role: Role | null): boolean {
  return route.access === 'public' || (role !== null && route.access.includes(role));
}

function Redirect({ to }: { to: string }) {
  const { navigate } = useRouter();
  useEffect(() => navigate(to, { replace: true }), [navigate, to]);
  return null;
}

function Forbidden({ route, role }: { route: AppRoute; role: Role }) {
  const { t } = useI18n();
  const roles = route.access === 'public' ? '' : route.access.map((r) => t(`role.${r}`)).join(', ');
  return (
    <section className="page" data-testid="forbidden">
      <h1>{t('guard.forbidden.title')}</h1>
      <p>{t('guard.forbidden.body', { roles, role: t(`role.${role}`) })}</p>
      <p>
        <Link to={HOME_BY_ROLE[role]}>{t('guard.home')}</Link>
      </p>
    </section>
  );
}

function NotFound({ path }: { path: string }) {
  const { t } = useI18n();
  return (
    <section className="page" data-testid="not-found">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body', { path })}</p>
    </section>
  );
}

/**
 * @example
 * <RouteView routes={APP_ROUTES} />
 */
export function RouteView({ routes }: { routes: readonly AppRoute[] }) {
  const { location } = useRouter();
  const { session } = useAuth();
  const { t } = useI18n();
  const role = session?.user.role ?? null;
  const found = resolveRoute(routes, location.pathname);

  const titleKey = found?.route.title ?? found?.route.nav?.label;
  const title = titleKey ? `${t(titleKey)} · ${t('app.name')}` : t('app.name');
  useEffect(() => {
    document.title = title;
  }, [title]);

  if (location.pathname === '/' || location.pathname === '') {
    return <Redirect to={role ? HOME_BY_ROLE[role] : '/login'} />;
  }
  if (!found) {
    return (
      <AppLayout routes={routes}>
        <NotFound path={location.pathname} />
      </AppLayout>
    );
  }
  const { route, params } = found;
  if (route.access !== 'public' && !role) {
    return <Redirect to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} />;
  }
  const page = role && !canOpen(route, role) ? <Forbidden route={route} role={role} /> : route.render(params);
  const content = <Suspense fallback={<p className="page muted">{t('common.loading')}</p>}>{page}</Suspense>;
  if (route.layout === 'bare') return <AppLayout routes={routes} bare>{content}</AppLayout>;
  return (
    <AppLayout routes={routes} width={route.width}>
      {content}
    </AppLayout>
  );
}
