/** The console: providers (language, session, notices, location) around the route table. */
import { I18nProvider } from './i18n/i18n-context.tsx';
import { AuthProvider } from './auth/auth-context.tsx';
import { NoticeProvider } from './notices/notice-center.tsx';
import { RouterProvider } from './router/router.tsx';
import { RouteView } from './routes/route-view.tsx';
import { APP_ROUTES } from './routes/index.ts';

export function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <NoticeProvider>
          <RouterProvider>
            <RouteView routes={APP_ROUTES} />
          </RouterProvider>
        </NoticeProvider>
      </AuthProvider>
    </I18nProvider>
  );
}
