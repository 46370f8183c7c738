/**
 * Call-up everywhere (issue 12, item 6): the yard's LED board (a TV, with a display token; no sign-in), the
 * managers' display tokens, and a company administrator's webhooks with their delivery log.
 */
import { lazy } from 'react';
import type { AppRoute } from './app-route.ts';

const CallUpBoardPage = lazy(() => import('../display/call-up-board-page.tsx'));
const DisplayTokensPage = lazy(() => import('../display/display-tokens-page.tsx'));
const WebhooksPage = lazy(() => import('../company/webhooks-page.tsx'));

export const displayRoutes: AppRoute[] = [
  { path: '/board', access: 'public', layout: 'bare', title: 'ledBoard.title', render: () => <CallUpBoardPage /> },
  {
    path: '/manager/displays', access: ['manager', 'admin'], nav: { label: 'nav.manager.displays', order: 25 }, width: 'narrow',
    render: () => <DisplayTokensPage />,
  },
  // Company members pass; the server admits the company's administrator only (the page says so to others).
  { path: '/company/webhooks', access: ['driver'], nav: { label: 'nav.company.webhooks', order: 39 }, render: () => <WebhooksPage /> },
];
