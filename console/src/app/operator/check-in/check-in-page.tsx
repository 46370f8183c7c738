/**
 * Check-in to the staging yard: type or scan a plate, or paste or scan a QR pass. A plate that
 * does not match an expected truck exactly gets suggestions (0/O, 8/B, 1/I, 5/S misreads and
 * one-character typos) to pick with a click or the keys 1–5. The server's answer (or refusal,
 * with its message and field) is shown; the last check-ins stay listed with their queue place.
 * When the expected truck's cargo is under a perishable HS heading, the operator may tick that they
 * have seen it (`confirmPerishable`): that confirmation, not the driver's own flag, earns the class.
 * A truck without a slot at a gate with a capacity plan checks in as a walk-in (class shown as such).
 */
import { ROUTES } from '@borderflow/client';
import { useCallback, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ZCheckInRequestSchema, hasPerishableHeading, suggestPlates, type PlateCandidate, type Trip } from '@borderflow/contracts';
import { useApi } from '../../auth/auth-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useNotices } from '../../notices/notice-center.tsx';
import { isApiError } from '../../api/api-error.ts';
import { formatPlate } from '../../shared/plate-format.ts';
import { formIssue } from '../../shared/form-issue.ts';
import { Plate } from '../../shared/plate.tsx';
import { PriorityLabel } from '../../shared/priority-label.tsx';
import { useGateCode } from '../use-gate-code.ts';
import { newCommandId } from '../board/lane-actions.ts';
import { readCheckIn } from './check-in-input.ts';
import { useExpectedTrucks } from './use-expected-trucks.ts';
import { QrCameraButton } from './qr-camera.tsx';
import './check-in.css';
import { ColumnHeads } from '../../shared/column-heads.tsx';
import { errorText } from '../../shared/error-words.ts';


interface Done {
  at: number;
  plate: string;
  trip: Trip;
  replayed: boolean;
}

export function CheckInPage() {
  const gate = useGateCode();
  const api = useApi();
  const { t, tAny, fmt, locale } = useI18n();
  const { notify } = useNotices();
  const { trips: expected, error: expectedError, refresh } = useExpectedTrucks(gate);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field: string | null } | null>(null);
  const [suggestions, setSuggestions] = useState<PlateCandidate[] | null>(null);
  const [done, setDone] = useState<Done[]>([]);
  // The trip whose perishable cargo the operator ticked as seen: a tick never carries over to another truck.
  const [seenPerishable, setSeenPerishable] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const expectedPlates = useMemo(() => expected.map((trip) => trip.vehicle.plate), [expected]);

  const send = useCallback(
    async (body: { plate: string } | { qrToken: string }, confirmPerishable = false) => {
      const request = ZCheckInRequestSchema.safeParse({ ...body, ...(confirmPerishable ? { confirmPerishable: true } : {}), commandId: newCommandId() });
      if (!request.success) {
        setError({ ...formIssue(request.error, locale, { plate: t('checkIn.label'), qrToken: t('checkIn.label') }), field: 'plate' in body ? 'plate' : 'qrToken' });
        return;
      }
      setBusy(true);
      setError(null);
      try {
        const answer = await api.call(ROUTES.checkIn, { params: { gate }, body: request.data });
        const trip = answer.trip;
        setDone((list) => [{ at: Date.now(), plate: trip.vehicle.plate, trip, replayed: answer.replayed }, ...list].slice(0, 10));
        // A walk-in is told so at once: no slot, the lowest class (the driver may book next time).
        notify({ kind: 'success', title: t(trip.priority.class === 'walk_in' ? 'checkIn.doneWalkIn' : 'checkIn.done', { plate: formatPlate(trip.vehicle.plate) }) });
        setText('');
        setSuggestions(null);
        setSeenPerishable(null);
        refresh();
      } catch (err) {
        // The server's own message, after the error's name in the reader's language.
        setError(isApiError(err) ? { message: errorText(err, tAny), field: err.field } : { message: String(err), field: null });
      } finally {
        setBusy(false);
        input.current?.focus();
      }
    },
    [api, gate, notify, refresh, t, tAny],
  );

  const typed = readCheckIn(text);
  // The expected truck the typed plate names exactly, if its cargo is under a perishable heading.
  const perishableTrip = typed.kind === 'plate' ? expected.find((trip) => trip.vehicle.plate === typed.plate && hasPerishableHeading(trip.cargo)) : undefined;

  const submit = (event?: FormEvent, raw: string = text) => {
    event?.preventDefault();
    setError(null);
    const reading = readCheckIn(raw);
    if (reading.kind === 'qr') {
      void send({ qrToken: reading.qrToken });
      return;
    }
    const candidates = suggestPlates(raw, expectedPlates);
    if (reading.kind === 'plate' && (candidates[0]?.kind === 'exact' || candidates.length === 0)) {
      // Exact, or nothing close among the expected: the server knows every registered trip.
      void send({ plate: reading.plate }, perishableTrip !== undefined && seenPerishable === perishableTrip.id && perishableTrip.vehicle.plate === reading.plate);
      return;
    }
    if (candidates.length > 0) {
      setSuggestions(candidates);
      return;
    }
    setSuggestions(null);
    setError({ message: t('checkIn.notPlate'), field: null });
  };

  const onSuggestionKey = (event: KeyboardEvent) => {
    if (!suggestions) return;
    const n = Number(event.key);
    const chosen = Number.isInteger(n) && n >= 1 ? suggestions[n - 1] : undefined;
    if (chosen && (event.target as HTMLElement).tagName !== 'INPUT') {
      event.preventDefault();
      void send({ plate: chosen.plate });
    }
  };

  return (
    <section className="page check-in-page" aria-labelledby="check-in-title" onKeyDown={onSuggestionKey}>
      <div className="page-head">
        <h1 id="check-in-title">{t('checkIn.title')}</h1>
      </div>
      <div className="check-in-layout">
        <div className="check-in-main">
          <form className="card check-in-form" onSubmit={(e) => submit(e)} noValidate>
            <label className="field">
              <span>{t('checkIn.label')}</span>
              <input
                ref={input}
                name="reading"
                className="check-in-input"
                autoFocus
                autoComplete="off"
                spellCheck={false}
                value={text}
                onChange={(e) => {
                  setText(e.target.value);
                  setSuggestions(null);
                }}
                aria-describedby="check-in-hint"
                aria-invalid={error ? true : undefined}
                data-testid="check-in-input"
              />
            </label>
            <p id="check-in-hint" className="muted">
              {text.trim() === '' ? t('checkIn.hint') : typed.kind === 'qr' ? t('checkIn.seenQr') : typed.kind === 'plate' ? t('checkIn.seenPlate', { plate: formatPlate(typed.plate) }) : t('checkIn.seenUnknown')}
            </p>
            {perishableTrip ? (
              <label className="check perishable-confirm" data-testid="perishable-confirm">
                <input
                  type="checkbox"
                  name="confirmPerishable"
                  checked={seenPerishable === perishableTrip.id}
                  onChange={(e) => setSeenPerishable(e.target.checked ? perishableTrip.id : null)}
                />{' '}
                <span>{t('perishable.confirm')}</span>
                <span className="muted"> — {t('perishable.confirmHint')}</span>
              </label>
            ) : null}
            <div className="check-in-buttons">
              <button type="submit" className="btn btn-primary" disabled={busy || text.trim() === ''} data-testid="check-in-submit">
                {t('checkIn.submit')}
              </button>
              <QrCameraButton
                onScan={(value) => {
                  setText(value);
                  submit(undefined, value);
                }}
              />
            </div>
            <p className="form-error" role="alert" data-testid="check-in-error">
              {error ? error.message : ''}
            </p>
          </form>
          {suggestions ? (
            <section className="card suggestions" aria-labelledby="suggestions-title" data-testid="plate-suggestions">
              <h2 id="suggestions-title">{t('checkIn.suggestions.title', { read: text.trim() })}</h2>
              <ol className="suggestion-list">
                {suggestions.map((c, i) => (
                  <li key={c.plate}>
                    <button type="button" className="btn suggestion" onClick={() => void send({ plate: c.plate })} disabled={busy} autoFocus={i === 0}>
                      <kbd>{i + 1}</kbd> <Plate value={c.plate} />
                      <span className="muted">{t(`checkIn.match.${c.kind}`)}</span>
                    </button>
                  </li>
                ))}
              </ol>
              {typed.kind === 'plate' ? (
                <button type="button" className="btn btn-secondary" onClick={() => void send({ plate: typed.plate })} disabled={busy}>
                  {t('checkIn.suggestions.asTyped', { plate: formatPlate(typed.plate) })}
                </button>
              ) : null}
            </section>
          ) : null}
          <section className="card recent" aria-labelledby="recent-title">
            <h2 id="recent-title">{t('checkIn.recent.title')}</h2>
            {done.length === 0 ? (
              <p className="muted">{t('checkIn.recent.none')}</p>
            ) : (
              <table className="table" data-testid="recent-check-ins">
                <ColumnHeads keys={['checkIn.col.time', 'checkIn.col.plate', 'checkIn.col.class', 'checkIn.col.stages', 'checkIn.col.place']} />
                <tbody>
                  {done.map((d) => (
                    <tr key={`${d.trip.id}-${d.at}`}>
                      <td>{fmt.time(d.at)}</td>
                      <th scope="row">
                        <Plate value={d.plate} />
                        {d.replayed ? <span className="muted"> · {t('checkIn.replayed')}</span> : null}
                      </th>
                      <td>
                        <PriorityLabel priorityClass={d.trip.priority.class} perishable={d.trip.priority.perishable} />
                      </td>
                      <td>{d.trip.stages.map((s) => t(`stage.${s}`)).join(' → ')}</td>
                      <td>
                        {d.trip.live?.laneId
                          ? t('checkIn.place.lane', { lane: d.trip.live.laneId })
                          : d.trip.live?.position
                            ? t('checkIn.place.position', { position: fmt.number(d.trip.live.position), eta: d.trip.live.eta ? fmt.minutes(d.trip.live.eta.expectedMs) : '—' })
                            : t(`tripState.${d.trip.state}`)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
        <aside className="card expected" aria-labelledby="expected-title">
          <h2 id="expected-title">{t('checkIn.expected.title', { count: fmt.number(expected.length) })}</h2>
          {expectedError ? <p className="form-error">{expectedError}</p> : null}
          {expected.length === 0 ? <p className="muted">{t('checkIn.expected.none')}</p> : null}
          <ul className="expected-list" data-testid="expected-trucks">
            {expected.slice(0, 50).map((trip) => (
              <li key={trip.id}>
                <button type="button" className="link-button" onClick={() => setText(trip.vehicle.plate)}>
                  <Plate value={trip.vehicle.plate} />
                </button>
                <PriorityLabel priorityClass={trip.priority.class} perishable={trip.priority.perishable} />
                <span className="muted">{fmt.dateTime(trip.expectedArrival)}</span>
              </li>
            ))}
          </ul>
        </aside>
      </div>
    </section>
  );
}
