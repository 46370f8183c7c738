/** /driver/register — pre-register a trip; on success the trip page shows its QR pass. */
import { useCallback, useState } from 'react';
import { ZTripSchema } from '@borderflow/contracts';
import { useApi } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useNotices } from '../notices/notice-center.tsx';
import { useRouter } from '../router/router.tsx';
import { TripForm } from './trip-form.tsx';
import { emptyDraft, validateCreate, type TripDraft } from './trip-form-model.ts';
import { serverFieldErrors } from './server-errors.ts';
import './driver.css';

export default function RegisterPage() {
  const { t } = useI18n();
  const api = useApi();
  const { navigate } = useRouter();
  const { notifyError } = useNotices();
  const [initial] = useState(() => emptyDraft());
  const [busy, setBusy] = useState(false);
  const [serverErrors, setServerErrors] = useState<Map<string, string> | undefined>();
  const validate = useCallback((d: TripDraft) => validateCreate(d).errors, []);

  const submit = async (draft: TripDraft) => {
    const { request } = validateCreate(draft);
    if (!request) return;
    setBusy(true);
    setServerErrors(undefined);
    try {
      const trip = await api.post('/v1/trips', request, { schema: ZTripSchema });
      // No toast: on a phone it would cover the QR pass the next page shows.
      navigate(`/driver/trips/${trip.id}?new=1`);
    } catch (err) {
      const byField = serverFieldErrors(err);
      if (byField) setServerErrors(byField);
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page driver-page" data-testid="register-page">
      <h1>{t('driver.register.title')}</h1>
      <p className="muted">{t('driver.register.intro')}</p>
      <TripForm initial={initial} mode="create" validate={validate} serverErrors={serverErrors} busy={busy} onSubmit={(d) => void submit(d)} />
    </section>
  );
}
