/**
 * One entry of the console's route table. Each feature exports its own list from
 * `routes/<feature>-routes.tsx`; routes/index.ts concatenates them, so engineers working on
 * different features never edit the same file.
 */
import type { ReactNode } from 'react';
import type { Role } from '@borderflow/contracts';
import type { MessageKey } from '../i18n/messages.ts';
import type { RouteParams } from '../router/match-path.ts';

export interface AppRoute {
  /** `/driver/trips/:tripId` — literal segments and `:params`. */
  path: string;
  /** Roles that may open it, or 'public' (no sign-in, e.g. the public waits page). */
  access: 'public' | readonly Role[];
  /** The page. Wrap big features in React.lazy: the layout has a Suspense boundary. */
  render: (params: RouteParams) => ReactNode;
  /** A link in the navigation bar (for the roles in `access`), ordered by `order`. */
  nav?: { label: MessageKey; order: number; roles?: readonly Role[] };
  /** Document title (defaults to the nav label). */
  title?: MessageKey;
  /** 'app' (header, nav, notices) or 'bare' (only the page and notices: login). */
  layout?: 'app' | 'bare';
  /** Phone-first pages get the narrow layout. */
  width?: 'wide' | 'narrow';
}
