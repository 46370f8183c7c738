/**
 * /company/webhooks — a company administrator's webhook endpoints (add with the events wanted; the
 * signing secret is shown once; delete) and the delivery log: each message's status, attempts and
 * last result, refreshed while the page is open so a retry shows up without a reload.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ROUTES } from '@borderflow/client';
import {
  WEBHOOK_EVENTS,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEvent,
} from '@borderflow/contracts';
import { useApi } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useNotices } from '../notices/notice-center.tsx';
import { useForbidden } from '../shared/use-forbidden.ts';

const LOG_REFRESH_MS = 5000;

export default function WebhooksPage() {
  const { t, fmt } = useI18n();
  const api = useApi();
  const { notify } = useNotices();
  const [endpoints, setEndpoints] = useState<WebhookEndpoint[]>([]);
  const [deliveries, setDeliveries] = useState<WebhookDelivery[]>([]);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['call-up']);
  const [secret, setSecret] = useState<string | null>(null);

  const { forbidden, refused } = useForbidden();
  const load = useCallback(() => {
    api.call(ROUTES.listWebhooks).then((r) => setEndpoints(r.endpoints), refused);
    api.call(ROUTES.webhookDeliveries).then((r) => setDeliveries(r.deliveries), refused);
  }, [api, refused]);
  useEffect(() => {
    load();
    const timer = setInterval(load, LOG_REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  if (forbidden) return <p className="banner banner-warn" data-testid="webhooks-forbidden">{t('webhooks.onlyAdmin')}</p>;

  const add = (event: FormEvent) => {
    event.preventDefault();
    api.call(ROUTES.createWebhook, { body: { url, events } }).then((r) => {
      setSecret(r.secret);
      setUrl('');
      load();
    }, refused);
  };
  // A signed ping through the real delivery path: its row appears in the log below at once.
  const sendTest = (endpointId: string) =>
    api.call(ROUTES.testWebhook, { params: { endpointId } }).then(() => {
      notify({ kind: 'success', title: t('webhooks.testSent') });
      load();
    }, refused);
  const toggle = (e: WebhookEvent) => setEvents((now) => (now.includes(e) ? now.filter((x) => x !== e) : [...now, e]));

  return (
    <section className="page" data-testid="webhooks">
      <h1>{t('webhooks.title')}</h1>
      <p className="muted">{t('webhooks.explain')}</p>
      <form onSubmit={add} className="card dialog-form" style={{ padding: '1rem' }}>
        <label className="field">
          {t('webhooks.url')}
          <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required placeholder="https://" />
        </label>
        <fieldset>
          <legend>{t('webhooks.events')}</legend>
          {WEBHOOK_EVENTS.map((e) => (
            <label key={e} style={{ marginRight: '1rem' }}>
              <input type="checkbox" checked={events.includes(e)} onChange={() => toggle(e)} /> {t(`webhooks.event.${e}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="btn btn-primary" disabled={events.length === 0}>
          {t('webhooks.add')}
        </button>
      </form>
      {secret ? (
        <p role="status" className="banner banner-info" style={{ overflowWrap: 'anywhere' }} data-testid="webhook-secret">
          {t('webhooks.secret')} <code translate="no">{secret}</code>
        </p>
      ) : null}
      {endpoints.length === 0 ? <p className="muted">{t('webhooks.none')}</p> : null}
      <ul className="card" style={{ padding: '0.5rem 1.5rem', lineHeight: 2.2 }}>
        {endpoints.map((e) => (
          <li key={e.id}>
            <code translate="no">{e.url}</code> · {e.events.map((x) => t(`webhooks.event.${x}`)).join(', ')}{' '}
            <button type="button" className="btn btn-small" data-testid="webhook-test" onClick={() => sendTest(e.id)}>
              {t('webhooks.test')}
            </button>{' '}
            <button type="button" className="btn btn-small btn-danger" onClick={() => api.call(ROUTES.deleteWebhook, { params: { endpointId: e.id } }).then(load, refused)}>
              {t('webhooks.delete')}
            </button>
          </li>
        ))}
      </ul>
      <h2>{t('webhooks.log')}</h2>
      {deliveries.length === 0 ? <p className="muted">{t('webhooks.logEmpty')}</p> : null}
      <div className="table-scroll">
        <table className="table" data-testid="webhook-log">
          <thead>
            <tr>
              <th>{t('webhooks.col.time')}</th>
              <th>{t('webhooks.col.event')}</th>
              <th>URL</th>
              <th>{t('webhooks.col.status')}</th>
              <th>{t('webhooks.col.attempts')}</th>
              <th>{t('webhooks.col.last')}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id} data-status={d.status}>
                <td>{fmt.dateTime(new Date(d.createdAt))}</td>
                <td>{t(`webhooks.event.${d.event}`)}</td>
                <td translate="no">{d.url}</td>
                <td>
                  <span className={`badge ${d.status === 'delivered' ? 'badge-status-open' : d.status === 'failed' ? 'badge-status-closed' : 'badge-status-paused'}`}>
                    {t(`webhooks.status.${d.status}`)}
                  </span>
                </td>
                <td>{d.attempts}</td>
                <td translate="no">{[d.lastStatus ? `HTTP ${d.lastStatus}` : null, d.lastError].filter(Boolean).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
