/** Manager screens (owned by the manager & driver engineer): map, charts, reports, simulations. */
import { lazy } from 'react';
import type { AppRoute } from './app-route.ts';

const MANAGERS = ['manager', 'admin'] as const;

// Leaflet and the charts load only when a manager opens them: drivers on phones never pay for them.
const MapPage = lazy(() => import('../manager/map/map-page.tsx'));
const ChartsPage = lazy(() => import('../manager/charts-page.tsx'));
const ReportsPage = lazy(() => import('../manager/reports-page.tsx'));
const SimulationsPage = lazy(() => import('../manager/simulations/simulations-page.tsx'));
const SlotUsePage = lazy(() => import('../manager/slot-use-page.tsx'));
const CapacityPlanPage = lazy(() => import('../manager/capacity-plan/capacity-plan-page.tsx'));

export const managerRoutes: AppRoute[] = [
  { path: '/manager/map', access: MANAGERS, nav: { label: 'nav.manager.map', order: 20 }, render: () => <MapPage /> },
  { path: '/manager/charts', access: MANAGERS, nav: { label: 'nav.manager.charts', order: 21 }, render: () => <ChartsPage /> },
  { path: '/manager/reports', access: MANAGERS, nav: { label: 'nav.manager.reports', order: 22 }, render: () => <ReportsPage /> },
  { path: '/manager/simulations', access: MANAGERS, nav: { label: 'nav.manager.simulations', order: 23 }, render: () => <SimulationsPage /> },
  { path: '/manager/slot-use', access: MANAGERS, nav: { label: 'nav.manager.slotUse', order: 24 }, render: () => <SlotUsePage /> },
  { path: '/manager/capacity-plan', access: MANAGERS, nav: { label: 'nav.manager.capacityPlan', order: 25 }, render: () => <CapacityPlanPage /> },
];
