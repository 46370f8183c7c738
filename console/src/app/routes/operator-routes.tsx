/** Operator screens (desktop, all shift long): lane board, queue, yard check-in. */
import { lazy } from 'react';
import type { AppRoute } from './app-route.ts';

// The booth's screens load when an operator opens them, with the live feed (socket.io) they bring:
// a driver on a phone or the public waits page never downloads them.
const LaneBoardPage = lazy(async () => ({ default: (await import('../operator/board/lane-board-page.tsx')).LaneBoardPage }));
const QueuePage = lazy(async () => ({ default: (await import('../operator/queue/queue-page.tsx')).QueuePage }));
const CheckInPage = lazy(async () => ({ default: (await import('../operator/check-in/check-in-page.tsx')).CheckInPage }));
const WaiverPage = lazy(() => import('../operator/booking/waiver-page.tsx'));

/** Managers may watch the board and the queue; only operators and admins act. */
const WATCHERS = ['operator', 'admin', 'manager'] as const;
const OPERATORS = ['operator', 'admin'] as const;

export const operatorRoutes: AppRoute[] = [
  { path: '/operator', access: WATCHERS, nav: { label: 'nav.operator.board', order: 10 }, render: () => <LaneBoardPage /> },
  { path: '/operator/queue', access: WATCHERS, nav: { label: 'nav.operator.queue', order: 11 }, render: () => <QueuePage /> },
  { path: '/operator/check-in', access: OPERATORS, nav: { label: 'nav.operator.checkIn', order: 12 }, render: () => <CheckInPage /> },
  { path: '/operator/booking-waivers', access: OPERATORS, nav: { label: 'nav.operator.waivers', order: 13 }, render: () => <WaiverPage /> },
];
