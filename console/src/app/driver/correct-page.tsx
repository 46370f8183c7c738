/**
 * /driver/trips/:tripId/correct — fix a typo without redoing the registration (until arrival).
 * Only the sections that changed are sent; each correction is kept in the trip's history.
 */
import { useCallback, useMemo, useState } from 'react';
import { ZTripSchema } from '@borderflow/contracts';
import { useApi } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useNotices } from '../notices/notice-center.tsx';
import { Link, useRouter } from '../router/router.tsx';
import { TripForm } from './trip-form.tsx';
import { draftFromTrip, validateCorrection, type TripDraft } from './trip-form-model.ts';
import { serverFieldErrors } from './server-errors.ts';
import { RevisionHistory } from './revision-history.tsx';
import { useTrip } from './use-trip.ts';
import { formatPlate } from '../shared/plate-format.ts';
import './driver.css';

export default function CorrectPage({ tripId }: { tripId: string }) {
  const { t } = useI18n();
  const api = useApi();
  const { navigate } = useRouter();
  const { notify, notifyError } = useNotices();
  const { trip, error } = useTrip(tripId);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [serverErrors, setServerErrors] = useState<Map<string, string> | undefined>();
  const initial = useMemo(() => (trip ? draftFromTrip(trip) : null), [trip]);
  const validate = useCallback((d: TripDraft) => (initial ? validateCorrection(initial, d, '').errors : new Map()), [initial]);

  if (error) return <p className="page banner banner-bad" role="alert">{error.message}</p>;
  if (!trip || !initial) return <p className="page muted">{t('common.loading')}</p>;
  if (trip.state !== 'registered') {
    return (
      <section className="page driver-page">
        <p className="banner banner-warn">{t('driver.correct.locked')}</p>
        <Link to={`/driver/trips/${trip.id}`}>{t('driver.correct.backToTrip')}</Link>
      </section>
    );
  }

  const submit = async (draft: TripDraft) => {
    const { request, changed } = validateCorrection(initial, draft, reason);
    if (changed.length === 0) {
      notify({ kind: 'info', title: t('driver.correct.nothing') });
      return;
    }
    if (!request) return;
    setBusy(true);
    setServerErrors(undefined);
    try {
      await api.patch(`/v1/trips/${encodeURIComponent(trip.id)}`, request, { schema: ZTripSchema });
      // Said on the trip page, not in a toast that would cover the QR pass on a phone.
      navigate(`/driver/trips/${trip.id}?saved=1`);
    } catch (err) {
      const byField = serverFieldErrors(err);
      if (byField) setServerErrors(byField);
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page driver-page" data-testid="correct-page">
      <h1>{t('driver.correct.title', { plate: formatPlate(trip.vehicle.plate) })}</h1>
      <p className="muted">{t('driver.correct.intro')}</p>
      <TripForm
        initial={initial}
        mode="correct"
        validate={validate}
        serverErrors={serverErrors}
        busy={busy}
        onSubmit={(d) => void submit(d)}
        footer={
          <div className="field">
            <label htmlFor="correction-reason">{t('driver.correct.reason')}</label>
            <input id="correction-reason" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
          </div>
        }
      />
      <RevisionHistory tripId={trip.id} version={trip.revisions} />
    </section>
  );
}
