/**
 * Cancel a trip with a reason. The same panel serves the driver (their own trip, before a lane
 * has it) and staff (any active trip; the server requires their reason and audits it). The reason
 * is asked of everyone: it is what the gate answers complaints from.
 */
import { ROUTES } from '@borderflow/client';
import { useState } from 'react';
import { type Trip } from '@borderflow/contracts';
import { useApi } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useNotices } from '../notices/notice-center.tsx';

export function CancelTripPanel({ trip, onCancelled }: { trip: Trip; onCancelled(trip: Trip): void }) {
  const { t } = useI18n();
  const api = useApi();
  const { notifyError } = useNotices();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);

  if (!open) {
    return (
      <button type="button" className="btn btn-danger" data-testid="cancel-trip-open" onClick={() => setOpen(true)}>
        {t('journey.cancel.open')}
      </button>
    );
  }

  const submit = async () => {
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    setBusy(true);
    try {
      // One command id per attempt: a retried click is answered with the first result.
      const done = await api.call(ROUTES.cancelTrip, { params: { tripId: trip.id }, body: { reason: reason.trim(), commandId: crypto.randomUUID() } });
      setOpen(false);
      onCancelled(done);
    } catch (err) {
      notifyError(err, t('journey.cancel.failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card cancel-panel" data-testid="cancel-trip-panel" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2>{t('journey.cancel.title')}</h2>
      <div className="field">
        <label htmlFor="cancel-reason">{t('journey.cancel.reason')}</label>
        <textarea id="cancel-reason" name="reason" rows={2} maxLength={500} value={reason} placeholder={t('journey.cancel.reasonHint')}
          aria-invalid={missing && !reason.trim() ? true : undefined} aria-describedby={missing ? 'cancel-reason-error' : undefined}
          onChange={(e) => setReason(e.target.value)} />
        {missing && !reason.trim() ? <p id="cancel-reason-error" className="field-error" role="alert">{t('journey.cancel.reasonRequired')}</p> : null}
      </div>
      <div className="trip-actions">
        <button type="submit" className="btn btn-danger" disabled={busy} data-testid="cancel-trip-confirm">{t('journey.cancel.confirm')}</button>
        <button type="button" className="btn" disabled={busy} onClick={() => setOpen(false)}>{t('journey.cancel.keep')}</button>
      </div>
    </form>
  );
}
