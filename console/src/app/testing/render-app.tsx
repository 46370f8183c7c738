/**
 * Component tests: renders UI inside the app's providers (language, session, notices, router),
 * optionally signed in as a role and pointed at a real API (a test platform's URL).
 *
 * @example
 * const { user } = renderWithApp(<LoginPage />, { path: '/login', locale: 'en' });
 * await user.type(screen.getByLabelText('Username'), 'operator1');
 */
import type { ReactElement, ReactNode } from 'react';
import { render, type RenderResult } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import type { Role } from '@borderflow/contracts';
import { I18nProvider } from '../i18n/i18n-context.tsx';
import type { Locale } from '../i18n/define-messages.ts';
import { AuthProvider } from '../auth/auth-context.tsx';
import type { Session } from '../auth/session.ts';
import { NoticeProvider, NoticeList } from '../notices/notice-center.tsx';
import { RouterProvider } from '../router/router.tsx';

export interface RenderAppOptions {
  /** Signed in with this role (a fake token: enough for UI that does not call the API). */
  role?: Role;
  /** A real session (token from a test platform). */
  session?: Session | null;
  path?: string;
  locale?: Locale;
  /** API base URL (a test platform); '' = same origin. */
  baseUrl?: string;
  /** Also render the notices (toasts) list. */
  withNotices?: boolean;
  /** How long success notices stay (default 5 s). */
  noticeFadeMs?: number;
}

export function fakeSession(role: Role): Session {
  return { token: 'test-token', user: { id: `u-${role}`, username: `${role}1`, role, displayName: `Test ${role}` } };
}

export function AppProviders({ children, options = {} }: { children: ReactNode; options?: RenderAppOptions }) {
  const session = options.session !== undefined ? options.session : options.role ? fakeSession(options.role) : null;
  return (
    <I18nProvider initialLocale={options.locale ?? 'vi'}>
      <AuthProvider baseUrl={options.baseUrl ?? ''} initialSession={session}>
        <NoticeProvider fadeMs={options.noticeFadeMs}>
          <RouterProvider>
            {children}
            {options.withNotices ? <NoticeList /> : null}
          </RouterProvider>
        </NoticeProvider>
      </AuthProvider>
    </I18nProvider>
  );
}

export function renderWithApp(ui: ReactElement, options: RenderAppOptions = {}): RenderResult & { user: UserEvent } {
  window.history.replaceState(null, '', options.path ?? '/');
  const user = userEvent.setup();
  const result = render(<AppProviders options={options}>{ui}</AppProviders>);
  return { ...result, user };
}
