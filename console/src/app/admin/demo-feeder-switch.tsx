/**
 * The admin's switch for the demo traffic feeder: off (with a reason, audited) when real users try
 * the gate or a training needs a quiet board; on again for a demo. FEEDER=off keeps it out entirely.
 */
import { useEffect, useState } from 'react';
import { ROUTES } from '@borderflow/client';
import type { FeederSwitch } from '@borderflow/contracts';
import { useApi } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useNotices } from '../notices/notice-center.tsx';

export function DemoFeederSwitch() {
  const { t } = useI18n();
  const api = useApi();
  const { notify, notifyError } = useNotices();
  const [state, setState] = useState<FeederSwitch | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.call(ROUTES.readDemoFeeder).then(setState).catch(notifyError);
  }, [api, notifyError]);

  async function flip() {
    if (!state) return;
    setBusy(true);
    try {
      setState(await api.call(ROUTES.setDemoFeeder, { body: { enabled: !state.enabled, reason: reason.trim() } }));
      setReason('');
      notify({ kind: 'success', title: t(state.enabled ? 'admin.feeder.turnedOff' : 'admin.feeder.turnedOn') });
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  }

  if (!state) return null;
  return (
    <section className="card" data-testid="feeder-switch" data-enabled={String(state.enabled)}>
      <h2>{t('admin.feeder.title')}</h2>
      <p className="muted">
        {!state.configured ? t('admin.feeder.notConfigured') : state.enabled ? t('admin.feeder.on') : t('admin.feeder.off')}
      </p>
      <form className="booking-pickers" onSubmit={(e) => { e.preventDefault(); void flip(); }}>
        <label>
          {t('admin.feeder.reason')}
          <input value={reason} maxLength={300} onChange={(e) => setReason(e.target.value)} data-testid="feeder-reason" />
        </label>
        <button type="submit" className={`btn ${state.enabled ? 'btn-danger' : 'btn-primary'}`} disabled={busy || reason.trim().length < 3} data-testid="feeder-toggle">
          {state.enabled ? t('admin.feeder.turnOff') : t('admin.feeder.turnOn')}
        </button>
      </form>
    </section>
  );
}
