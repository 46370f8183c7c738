/** Admin screens: user administration and the province data platform's keys. */
import { lazy } from 'react';
import type { AppRoute } from './app-route.ts';

const UsersPage = lazy(() => import('../admin/users-page.tsx'));
const DataConsumersPage = lazy(() => import('../admin/data-consumers-page.tsx'));

export const adminRoutes: AppRoute[] = [
  { path: '/admin/users', access: ['admin'], nav: { label: 'nav.admin.users', order: 90 }, render: () => <UsersPage /> },
  { path: '/admin/data-consumers', access: ['admin'], nav: { label: 'nav.admin.dataConsumers', order: 91 }, render: () => <DataConsumersPage /> },
];
