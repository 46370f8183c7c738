/** Pages anyone may open without signing in (owned by the manager & driver engineer). */
import { lazy } from 'react';
import type { AppRoute } from './app-route.ts';

const PublicWaitsPage = lazy(() => import('../public-waits/public-waits-page.tsx'));

export const publicRoutes: AppRoute[] = [
  { path: '/waits', access: 'public', title: 'nav.public.waits', width: 'narrow', render: () => <PublicWaitsPage /> },
];
