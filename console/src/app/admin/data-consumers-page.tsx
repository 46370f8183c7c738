/**
 * /admin/data-consumers — a platform admin's keys for the province's data platform (LGSP / IOC):
 * the list (prefix, issued, last used; never a secret), a new key for a named system, a rotation
 * and a revocation. The whole key is on screen once, right after it is created or rotated, because
 * the server keeps only its hash. Rotating and revoking cut a live integration off at once, so each
 * asks to be confirmed on the row it acts on.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ROUTES } from '@borderflow/client';
import type { DataConsumer } from '@borderflow/contracts';
import { useApi } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useNotices } from '../notices/notice-center.tsx';
import { useForbidden } from '../shared/use-forbidden.ts';

interface ShownKey {
  name: string;
  key: string;
}

type Pending = { consumer: DataConsumer; action: 'rotate' | 'revoke' };

export default function DataConsumersPage() {
  const { t, fmt } = useI18n();
  const api = useApi();
  const { notify } = useNotices();
  const [consumers, setConsumers] = useState<DataConsumer[] | null>(null);
  const [name, setName] = useState('');
  const [shown, setShown] = useState<ShownKey | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);

  const { forbidden, refused } = useForbidden();
  const load = useCallback(() => {
    api.call(ROUTES.listDataConsumers).then((r) => setConsumers(r.consumers), refused);
  }, [api, refused]);
  useEffect(load, [load]);

  if (forbidden) return <p className="banner banner-warn" data-testid="consumers-forbidden">{t('consumers.onlyAdmin')}</p>;

  const create = (event: FormEvent) => {
    event.preventDefault();
    api.call(ROUTES.createDataConsumer, { body: { name: name.trim() } }).then((r) => {
      setShown({ name: r.name, key: r.key });
      setName('');
      load();
    }, refused);
  };
  // A refused rotation or revocation (another admin revoked the key meanwhile) reloads the list, so
  // the page stops offering a key that no longer exists.
  const refusedAndReload = (err: unknown) => {
    refused(err);
    load();
  };
  const confirm = ({ consumer, action }: Pending) => {
    setPending(null);
    if (action === 'rotate') {
      api.call(ROUTES.rotateDataConsumer, { params: { consumerId: consumer.id } }).then((r) => {
        setShown({ name: r.name, key: r.key });
        load();
      }, refusedAndReload);
    } else {
      api.call(ROUTES.revokeDataConsumer, { params: { consumerId: consumer.id } }).then(() => {
        // A revoked consumer's freshly shown key is worthless: do not leave it on screen.
        setShown((now) => (now?.name === consumer.name ? null : now));
        notify({ kind: 'success', title: t('consumers.revoked', { name: consumer.name }) });
        load();
      }, refusedAndReload);
    }
  };

  return (
    <section className="page" data-testid="data-consumers">
      <h1>{t('consumers.title')}</h1>
      <p className="muted">{t('consumers.explain')}</p>
      <form onSubmit={create} className="card dialog-form" style={{ padding: '1rem' }}>
        <label className="field">
          {t('consumers.name')}
          <input data-testid="consumer-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} placeholder="IOC Lào Cai" />
        </label>
        <button type="submit" className="btn btn-primary" data-testid="consumer-create" disabled={name.trim() === ''}>
          {t('consumers.create')}
        </button>
      </form>
      {shown ? (
        <p role="status" className="banner banner-info" style={{ overflowWrap: 'anywhere' }} data-testid="consumer-key">
          {t('consumers.keyShown', { name: shown.name })} <code translate="no">{shown.key}</code>
        </p>
      ) : null}
      {consumers !== null && consumers.length === 0 ? <p className="muted">{t('consumers.none')}</p> : null}
      {consumers !== null && consumers.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('consumers.title')}>
          <table className="table" data-testid="consumer-table">
            <thead>
              <tr>
                <th>{t('consumers.col.name')}</th>
                <th>{t('consumers.col.prefix')}</th>
                <th>{t('consumers.col.created')}</th>
                <th>{t('consumers.col.lastUsed')}</th>
                <th>{t('consumers.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {consumers.map((c) => (
                <tr key={c.id} data-testid="consumer-row" data-prefix={c.prefix}>
                  <td>{c.name}</td>
                  <td translate="no"><code>{c.prefix}</code></td>
                  <td>{fmt.dateTime(new Date(c.createdAt))}</td>
                  <td>{c.lastUsedAt ? fmt.dateTime(new Date(c.lastUsedAt)) : t('consumers.never')}</td>
                  <td>
                    {pending?.consumer.id === c.id ? (
                      <span role="group" aria-live="polite">
                        {t(pending.action === 'rotate' ? 'consumers.confirmRotate' : 'consumers.confirmRevoke', { name: c.name })}{' '}
                        <button type="button" className="btn btn-small btn-danger" data-testid="consumer-confirm" onClick={() => confirm(pending)}>
                          {t('consumers.confirm')}
                        </button>{' '}
                        <button type="button" className="btn btn-small" onClick={() => setPending(null)}>
                          {t('consumers.cancel')}
                        </button>
                      </span>
                    ) : (
                      <>
                        <button type="button" className="btn btn-small" data-testid="consumer-rotate" onClick={() => setPending({ consumer: c, action: 'rotate' })}>
                          {t('consumers.rotate')}
                        </button>{' '}
                        <button type="button" className="btn btn-small btn-danger" data-testid="consumer-revoke" onClick={() => setPending({ consumer: c, action: 'revoke' })}>
                          {t('consumers.revoke')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
