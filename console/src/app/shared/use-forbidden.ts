import { useCallback, useState } from 'react';
import { ApiError } from '../api/api-error.ts';
import { useNotices } from '../notices/notice-center.tsx';

/**
 * Pages only some members of a company may use (its administrator): a 403 turns the page into a plain
 * "only the administrator" notice instead of an error toast on every load; other failures are notified.
 *
 * @example
 * const { forbidden, refused } = useForbidden();
 * api.call(ROUTES.listWebhooks).then(setEndpoints, refused);
 * if (forbidden) return <p className="banner banner-warn">{t('webhooks.onlyAdmin')}</p>;
 */
export function useForbidden(): { forbidden: boolean; refused: (err: unknown) => void } {
  const { notifyError } = useNotices();
  const [forbidden, setForbidden] = useState(false);
  const refused = useCallback(
    (err: unknown) => (err instanceof ApiError && err.status === 403 ? setForbidden(true) : notifyError(err)),
    [notifyError],
  );
  return { forbidden, refused };
}
