/** The shell's own pages: sign-in, and the agency role's landing page. */
import type { AppRoute } from './app-route.ts';
import { LoginPage } from '../auth/login-page.tsx';
import { AgencyHome } from '../layout/agency-home.tsx';

export const shellRoutes: AppRoute[] = [
  { path: '/login', access: 'public', layout: 'bare', title: 'login.title', render: () => <LoginPage /> },
  { path: '/agency', access: ['agency'], title: 'agencyHome.title', render: () => <AgencyHome /> },
];
