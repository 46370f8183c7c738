/**
 * Toasts for the whole app. Errors stay until dismissed (an operator may be looking at the
 * lane, not the screen, when a command fails); successes and infos fade after a few seconds.
 * `notifyError(err)` shows an ApiError as the server said it: translated code, the server's
 * message and the field it names.
 */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { isApiError } from '../api/api-error.ts';
import { errorTitle, serverMessage } from '../shared/error-words.ts';

export type NoticeKind = 'error' | 'success' | 'info';

export interface Notice {
  id: number;
  kind: NoticeKind;
  title: string;
  message?: string;
  field?: string | null;
}

export interface Notices {
  notices: readonly Notice[];
  notify(notice: Omit<Notice, 'id'>): number;
  /** Shows any thrown value; ApiErrors with their code, message and field. */
  notifyError(err: unknown, title?: string): number;
  dismiss(id: number): void;
}

const NoticeContext = createContext<Notices | null>(null);
const FADE_MS = 5000;

/**
 * @example
 * const { notifyError, notify } = useNotices();
 * try { await api.post(...); notify({ kind: 'success', title: t('lane.paused') }); } catch (err) { notifyError(err); }
 */
export function NoticeProvider({ children, fadeMs = FADE_MS }: { children: ReactNode; fadeMs?: number }) {
  const { t, tAny } = useI18n();
  const [notices, setNotices] = useState<Notice[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);

  const notify = useCallback(
    (notice: Omit<Notice, 'id'>) => {
      const id = nextId.current++;
      // At most 5 on screen: the oldest make way.
      setNotices((list) => [...list.slice(-4), { ...notice, id }]);
      if (notice.kind !== 'error') setTimeout(() => dismiss(id), fadeMs);
      return id;
    },
    [dismiss, fadeMs],
  );

  const notifyError = useCallback(
    (err: unknown, title?: string) => {
      if (isApiError(err)) {
        return notify({ kind: 'error', title: title ?? errorTitle(err.code, tAny), message: serverMessage(err.message), field: err.field });
      }
      const message = err instanceof Error ? err.message : String(err);
      return notify({ kind: 'error', title: title ?? t('error.INTERNAL'), message });
    },
    [notify, t, tAny],
  );

  const value = useMemo(() => ({ notices, notify, notifyError, dismiss }), [notices, notify, notifyError, dismiss]);
  return <NoticeContext.Provider value={value}>{children}</NoticeContext.Provider>;
}

export function useNotices(): Notices {
  const value = useContext(NoticeContext);
  if (!value) throw new Error('useNotices() outside <NoticeProvider>');
  return value;
}

/** The toasts themselves, bottom-right; rendered once by the layout. */
export function NoticeList() {
  const { notices, dismiss } = useNotices();
  const { t } = useI18n();
  return (
    <section className="notices" aria-label={t('notice.region')}>
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'} data-testid={`notice-${n.kind}`}>
          <div className="notice-body">
            <strong className="notice-title">{n.title}</strong>
            {n.message ? <p className="notice-message">{n.message}</p> : null}
            {n.field ? (
              <p className="notice-field">
                {t('error.field')}: <code>{n.field}</code>
              </p>
            ) : null}
          </div>
          <button type="button" className="notice-close" onClick={() => dismiss(n.id)} aria-label={t('action.dismiss')}>
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
