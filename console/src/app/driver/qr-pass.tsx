/**
 * The QR pass: the server's QR code (it encodes only an opaque token) shown large on screen and
 * printable on its own (print CSS hides everything else), with the token in text for when a
 * camera cannot read the screen.
 */
import { ROUTES } from '@borderflow/client';
import { useEffect, useState } from 'react';
import { type Trip, type TripPassResponse } from '@borderflow/contracts';
import { useApi } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { formatPlate } from '../shared/plate-format.ts';

export function QrPass({ trip }: { trip: Trip }) {
  const { t, tAny, fmt } = useI18n();
  const api = useApi();
  const [pass, setPass] = useState<TripPassResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    api
      .call(ROUTES.tripPass, { params: { tripId: trip.id }, signal: controller.signal })
      .then(setPass)
      .catch((err: unknown) => {
        if ((err as { name?: string }).name !== 'AbortError') setError(err instanceof Error ? err.message : String(err));
      });
    return () => controller.abort();
  }, [api, trip.id]);

  return (
    <section className="card qr-pass" aria-labelledby="qr-pass-title" data-testid="qr-pass">
      <h2 id="qr-pass-title">{t('driver.pass.title')}</h2>
      <p className="qr-pass-plate">
        <strong>{formatPlate(trip.vehicle.plate)}</strong>
        {trip.vehicle.trailerPlate ? ` + ${formatPlate(trip.vehicle.trailerPlate)}` : ''} · {t(`dir.${trip.direction}`)}
      </p>
      {error ? <p className="banner banner-bad" role="alert">{error}</p> : null}
      {pass ? (
        <>
          {/* An <img> of the server's SVG: nothing of it runs as markup in the page. */}
          <img className="qr-image" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(pass.svg)}`}
            alt={t('driver.pass.alt', { plate: formatPlate(trip.vehicle.plate) })} data-testid="qr-image" />
          <p className="muted">{t('driver.pass.token')}</p>
          <code className="qr-token" data-testid="qr-token">{pass.qrToken}</code>
        </>
      ) : !error ? (
        <p className="muted">{t('common.loading')}</p>
      ) : null}
      <p className="qr-pass-meta">
        {t('driver.pass.arrival', { time: fmt.dateTime(trip.expectedArrival) })} · {tAny(`app.gate.${trip.gateCode}`, undefined, trip.gateCode)}
      </p>
      <button type="button" className="btn no-print" onClick={() => window.print()} data-testid="print-pass">
        {t('driver.pass.print')}
      </button>
    </section>
  );
}
