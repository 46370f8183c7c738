/**
 * The frame of every page: a header with the gate, the navigation for the signed-in role,
 * the language switcher and sign-out; the page; and the notices. `bare` (login) keeps only the
 * brand and the language switcher.
 */
import type { ReactNode } from 'react';
import { useAuth } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Link, useRouter } from '../router/router.tsx';
import { NoticeList } from '../notices/notice-center.tsx';
import type { AppRoute } from '../routes/app-route.ts';
import { LanguageSwitcher } from './language-switcher.tsx';

/** The nav links `role` sees, in order. */
export function navFor(routes: readonly AppRoute[], role: string | null): AppRoute[] {
  return routes
    .filter((r) => r.nav && (r.access === 'public' ? role === null : role !== null && (r.nav.roles ?? r.access).includes(role as never)))
    .sort((a, b) => (a.nav?.order ?? 0) - (b.nav?.order ?? 0));
}

export function AppLayout({ routes, children, bare = false, width = 'wide' }: { routes: readonly AppRoute[]; children: ReactNode; bare?: boolean; width?: 'wide' | 'narrow' }) {
  const { session, logout } = useAuth();
  const { t } = useI18n();
  const { navigate } = useRouter();
  const role = session?.user.role ?? null;
  const links = bare ? [] : navFor(routes, role);
  return (
    <div className={`app app-${width}`}>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <div className="brand">
          <strong>{t('app.name')}</strong>
          <span className="brand-gate">{t('app.gate.KT')}</span>
        </div>
        {links.length > 0 ? (
          <nav className="main-nav" aria-label={t('nav.label')}>
            {links.map((r) => (
              <Link key={r.path} to={r.path} className="nav-link">
                {t(r.nav!.label)}
              </Link>
            ))}
          </nav>
        ) : null}
        <div className="topbar-actions">
          <LanguageSwitcher />
          {session && !bare ? (
            <>
              <span className="user" data-testid="current-user">
                <span translate="no">{session.user.displayName}</span> · {t(`role.${session.user.role}`)}
              </span>
              <button
                type="button"
                className="btn btn-secondary"
                onClick={() => {
                  logout();
                  navigate('/login');
                }}
              >
                {t('logout')}
              </button>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
      <NoticeList />
    </div>
  );
}
