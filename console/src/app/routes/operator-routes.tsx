/** Operator screens (desktop, all shift long): lane board, queue, yard check-in. */
import type { AppRoute } from './app-route.ts';
import { LaneBoardPage } from '../operator/board/lane-board-page.tsx';
import { QueuePage } from '../operator/queue/queue-page.tsx';
import { CheckInPage } from '../operator/check-in/check-in-page.tsx';

/** Managers may watch the board and the queue; only operators and admins act. */
const WATCHERS = ['operator', 'admin', 'manager'] as const;
const OPERATORS = ['operator', 'admin'] as const;

export const operatorRoutes: AppRoute[] = [
  { path: '/operator', access: WATCHERS, nav: { label: 'nav.operator.board', order: 10 }, render: () => <LaneBoardPage /> },
  { path: '/operator/queue', access: WATCHERS, nav: { label: 'nav.operator.queue', order: 11 }, render: () => <QueuePage /> },
  { path: '/operator/check-in', access: OPERATORS, nav: { label: 'nav.operator.checkIn', order: 12 }, render: () => <CheckInPage /> },
];
