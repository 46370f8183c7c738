/**
 * Barriers, lane lights and the weighbridge on the operator board (issue 17): the state each barrier
 * and light last confirmed and its latest command; a command no device acknowledged, with the button an
 * operator presses once they did it by hand (audited); and the overweight trucks the weighbridge held,
 * with their reason and a release. Reads GET /v1/gates/:gate/signals and …/weighings every 5 s, and at
 * once on a live `device_alert`. A gate without barriers, lights or held trucks shows nothing.
 */
import { ROUTES } from '@borderflow/client';
import { useCallback } from 'react';
import type { GateSignals, SignalCommandView, Weighing } from '@borderflow/contracts';
import { useApi } from '../../auth/auth-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { usePolledPanel } from './polled-panel.ts';
import { ColumnHeads } from '../../shared/column-heads.tsx';
import { formatPlate } from '../../shared/plate-format.ts';
import { newCommandId } from '../board/lane-actions.ts';

const POLL_MS = 5_000;

export interface SignalPanelProps {
  gate: string;
  onDeviceAlert?: (listener: () => void) => () => void;
  /** Operators act by hand and release holds; a manager only sees. */
  canAct: boolean;
}

export function SignalPanel({ gate, onDeviceAlert, canAct }: SignalPanelProps) {
  const api = useApi();
  const { t, fmt } = useI18n();
  const read = useCallback(async () => {
    const [signals, weighings] = await Promise.all([
      api.call(ROUTES.gateSignals, { params: { gate } }),
      api.call(ROUTES.gateWeighings, { params: { gate } }),
    ]);
    return { signals, held: weighings.held };
  }, [api, gate]);
  const { state, busy, act } = usePolledPanel<{ signals: GateSignals; held: Weighing[] }>(read, POLL_MS, onDeviceAlert);

  if (state.kind === 'loading') return null;
  if (state.kind === 'failed') {
    return (
      <p className="banner banner-warn" data-testid="signal-panel">
        {t('signals.failed')}: {state.message}
      </p>
    );
  }
  const { signals, held } = state.data;
  if (signals.devices.length === 0 && held.length === 0) return null;
  const nameOf = (c: SignalCommandView) => signals.devices.find((d) => d.deviceId === c.deviceId)?.name ?? c.deviceId;
  const truck = (plate: string | null) => (plate ? t('signals.forTruck', { plate: formatPlate(plate) }) : '');
  const kg = (n: number) => t('weighings.kg', { kg: fmt.number(n) });
  return (
    <section className="card signal-panel" data-testid="signal-panel" aria-labelledby="signals-title">
      <h2 id="signals-title">{t('signals.title')}</h2>
      {signals.unconfirmed.length > 0 ? (
        <ul className="device-alerts" role="alert" aria-label={t('signals.unconfirmedTitle')} data-testid="signal-unconfirmed">
          {signals.unconfirmed.map((c) => (
            <li key={c.commandId} className="banner banner-bad" data-command={c.commandId}>
              {t('signals.unconfirmed', { name: nameOf(c), action: t(`signals.action.${c.action}`), truck: truck(c.plate), attempts: fmt.number(c.attempts) })}{' '}
              <span className="muted">· {fmt.time(c.createdAt)}</span>{' '}
              {canAct ? (
                <button type="button" className="btn btn-small" disabled={busy === c.commandId}
                  onClick={() => void act(c.commandId, () => api.call(ROUTES.actSignalByHand, { params: { gate, commandId: c.commandId }, body: {} }))}>
                  {t('signals.manual', { action: t(`signals.action.${c.action}`) })}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {signals.devices.length > 0 ? (
        <table className="table health-table" data-testid="signal-devices">
          <ColumnHeads keys={['signals.col.device', 'signals.col.state', 'signals.col.latest']} />
          <tbody>
            {signals.devices.map((d) => (
              <tr key={d.deviceId} data-device={d.deviceId} data-state={d.state ?? ''}>
                <th scope="row">{d.name}</th>
                <td>
                  <span className={`signal-state signal-${d.state ?? 'unknown'}`}>{d.state ? t(`signals.state.${d.state}`) : '—'}</span>
                </td>
                <td>
                  {d.latest ? (
                    <>
                      {t(`signals.action.${d.latest.action}`)} {truck(d.latest.plate)} · {t(`signals.status.${d.latest.status}`)}{' '}
                      <span className="muted">{fmt.time(d.latest.createdAt)}</span>
                    </>
                  ) : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {held.length > 0 ? (
        <>
          <h3>{t('weighings.title')}</h3>
          <ul className="held-list" data-testid="overweight-list">
            {held.map((w) => (
              <li key={w.id} data-trip={w.tripId}>
                {t('weighings.row', { plate: formatPlate(w.plate), gross: kg(w.grossKg), limit: kg(w.limitKg), axles: fmt.number(w.axles) })}{' '}
                {canAct ? (
                  <button type="button" className="btn btn-small" disabled={busy === w.id}
                    onClick={() => void act(w.id, () => api.call(ROUTES.releaseHold, { params: { gate, tripId: w.tripId }, body: { commandId: newCommandId() } }))}>
                    {t('weighings.release')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
