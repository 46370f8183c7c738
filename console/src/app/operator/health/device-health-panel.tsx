/**
 * The gate's devices on the operator board (issue 17): each camera's last signal, reads and doubtful
 * share in the last hour, errors, a silent one marked; open alerts (a wrong truck at a lane, a camera
 * gone silent); and the doubtful plate reads waiting for a person, with their candidates to confirm.
 * Reads GET /v1/gates/:gate/devices and …/plate-confirmations every 10 s, and at once on a live
 * `device_alert`. A gate without devices shows nothing.
 */
import { ROUTES } from '@borderflow/client';
import { useCallback } from 'react';
import type { DeviceAlert, GateDeviceHealth, PlateConfirmation } from '@borderflow/contracts';
import { useApi } from '../../auth/auth-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { usePolledPanel } from './polled-panel.ts';
import { ColumnHeads } from '../../shared/column-heads.tsx';
import { formatPlate } from '../../shared/plate-format.ts';

const POLL_MS = 10_000;

export interface DeviceHealthPanelProps {
  gate: string;
  /** The board's live feed: a device alert refreshes the panel at once. */
  onDeviceAlert?: (listener: () => void) => () => void;
  /** Operators decide doubtful reads; a manager only sees them. */
  canDecide: boolean;
}

export function DeviceHealthPanel({ gate, onDeviceAlert, canDecide }: DeviceHealthPanelProps) {
  const api = useApi();
  const { t, fmt } = useI18n();
  const read = useCallback(async () => {
    const [health, queue] = await Promise.all([
      api.call(ROUTES.gateDeviceHealth, { params: { gate } }),
      api.call(ROUTES.listPlateConfirmations, { params: { gate } }),
    ]);
    return { health, queue: queue.confirmations };
  }, [api, gate]);
  const { state, busy, act } = usePolledPanel<{ health: GateDeviceHealth; queue: PlateConfirmation[] }>(read, POLL_MS, onDeviceAlert);
  const decide = (c: PlateConfirmation, body: { decision: 'check_in'; tripId: string } | { decision: 'dismiss' }) =>
    act(c.id, () => api.call(ROUTES.decidePlateConfirmation, { params: { gate, confirmationId: c.id }, body }));

  if (state.kind === 'loading') return null;
  if (state.kind === 'failed') {
    return (
      <p className="banner banner-warn" data-testid="device-health">
        {t('devices.failed')}: {state.message}
      </p>
    );
  }
  const { health, queue } = state.data;
  if (health.devices.length === 0) return null;
  const alertText = (a: DeviceAlert) => {
    const d = a.detail as Record<string, unknown>;
    if (a.kind === 'wrong_truck') {
      return t('devices.alert.wrong_truck', { lane: String(d.laneId ?? ''), plate: formatPlate(d.readPlate as string | null | undefined), expected: formatPlate(d.expectedPlate as string | null | undefined) });
    }
    if (a.kind === 'no_ack') {
      const action = String(d.action);
      return t('devices.alert.no_ack', { name: String(d.name ?? a.deviceId), action: ['open', 'close', 'green', 'red'].includes(action) ? t(`signals.action.${action as 'open'}`) : action });
    }
    return t('devices.alert.device_silent', { name: String(d.name ?? a.deviceId) });
  };
  return (
    <section className="card device-health" data-testid="device-health" aria-labelledby="devices-title">
      <h2 id="devices-title">{t('devices.title')}</h2>
      {health.alerts.length > 0 ? (
        <ul className="device-alerts" role="alert" aria-label={t('devices.alerts')}>
          {health.alerts.map((a) => (
            <li key={a.id} className="banner banner-bad" data-kind={a.kind}>
              {alertText(a)} <span className="muted">· {fmt.time(a.createdAt)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <table className="table health-table">
        <ColumnHeads keys={['devices.col.device', 'devices.col.position', 'devices.col.lastSeen', 'devices.col.reads', 'devices.col.doubtful', 'devices.col.errors']} />
        <tbody>
          {health.devices.map((d) => (
            <tr key={d.id} data-silent={d.silent}>
              <th scope="row">
                {d.name}{' '}
                <span className={`health-status health-${d.silent ? 'down' : 'ok'}`}>{d.silent ? t('devices.silent') : t('devices.live')}</span>
              </th>
              <td>{d.position === 'lane' ? t('devices.position.lane', { lane: d.laneId ?? '' }) : t(`devices.position.${d.position}`)}</td>
              <td>{d.lastSeenAt ? fmt.dateTime(d.lastSeenAt) : '—'}</td>
              <td>{fmt.number(d.readsLastHour)}</td>
              <td>{fmt.percent(d.doubtfulShare, 1)}</td>
              <td>{fmt.number(d.errorsLastHour)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('devices.queue')}</h3>
      {queue.length === 0 ? <p className="muted">{t('devices.queue.empty')}</p> : null}
      <ul className="plate-queue" data-testid="plate-queue">
        {queue.map((c) => (
          <li key={c.id} className="plate-queue-item">
            <span>{t('devices.queue.read', { plate: formatPlate(c.readPlate), confidence: fmt.percent(c.confidence, 0) })}</span>{' '}
            {c.imageRef ? (
              <a href={c.imageRef} target="_blank" rel="noreferrer noopener">
                {t('devices.queue.image')}
              </a>
            ) : null}
            {c.candidates.length === 0 ? <span className="muted"> · {t('devices.queue.noCandidate')}</span> : null}
            {canDecide ? (
              <span className="plate-queue-actions">
                {c.candidates.map((k) => (
                  <button key={k.tripId} type="button" className="btn btn-small" disabled={busy === c.id} onClick={() => void decide(c, { decision: 'check_in', tripId: k.tripId })}>
                    {t('devices.queue.confirm', { plate: formatPlate(k.plate) })}
                  </button>
                ))}
                <button type="button" className="btn btn-small btn-secondary" disabled={busy === c.id} onClick={() => void decide(c, { decision: 'dismiss' })}>
                  {t('devices.queue.dismiss')}
                </button>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
