/** The audit log page: managers and admins (the `audit.read` row of the API's permission table). */
import { lazy } from 'react';
import type { AppRoute } from './app-route.ts';

const AuditPage = lazy(() => import('../audit/audit-page.tsx'));

export const auditRoutes: AppRoute[] = [
  { path: '/manager/audit', access: ['manager', 'admin'], nav: { label: 'nav.manager.audit', order: 24 }, render: () => <AuditPage /> },
];
