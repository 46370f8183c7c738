/**
 * The socket's state in words and colour, for the header of live pages. After a reconnect it
 * says whether the missed events were replayed ("recovered") or the state reloaded ("resynced").
 */
import { useI18n } from '../i18n/i18n-context.tsx';
import type { ConnectionState } from './live-feed.ts';

export function ConnectionBadge({ state }: { state: ConnectionState }) {
  const { t } = useI18n();
  return (
    <span className="conn" data-state={state} data-testid="connection-state" role="status" aria-live="polite">
      {t(`conn.${state}`)}
    </span>
  );
}
