/** The whole route table, one list per feature (see app-route.ts). */
import type { AppRoute } from './app-route.ts';
import { shellRoutes } from './shell-routes.tsx';
import { operatorRoutes } from './operator-routes.tsx';
import { managerRoutes } from './manager-routes.tsx';
import { driverRoutes } from './driver-routes.tsx';
import { publicRoutes } from './public-routes.tsx';
import { adminRoutes } from './admin-routes.tsx';
import { auditRoutes } from './audit-routes.tsx';
import { displayRoutes } from './display-routes.tsx';

export type { AppRoute } from './app-route.ts';

export const APP_ROUTES: readonly AppRoute[] = [
  ...shellRoutes, ...operatorRoutes, ...managerRoutes, ...driverRoutes, ...publicRoutes, ...adminRoutes, ...auditRoutes, ...displayRoutes,
];
