/**
 * The pre-registration form, phone first: one column, big fields, inline errors that name the
 * broken rule in the driver's language ("container number check digit should be 3"), shown
 * once a field was left (or on submit). Used for a new trip and for corrections.
 */
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { Direction } from '@borderflow/contracts';
import { TRIP_LIMITS } from '@borderflow/contracts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { emptyCargo, emptyContainer, type FormErrors, type TripDraft } from './trip-form-model.ts';
import { fieldText } from './field-messages.ts';

export interface TripFormProps {
  initial: TripDraft;
  mode: 'create' | 'correct';
  /** Errors of the current draft (from validateCreate / validateCorrection). */
  validate(draft: TripDraft): FormErrors;
  /** The server's answer to the last submit, by field (its own message). */
  serverErrors?: ReadonlyMap<string, string>;
  busy?: boolean;
  onSubmit(draft: TripDraft): void;
  /** Every edit of the draft (the register page saves it so a reload keeps it). */
  onDraftChange?(draft: TripDraft): void;
  /** Extra fields above the submit button (the correction's reason). */
  footer?: ReactNode;
}

type Touched = ReadonlySet<string>;

/** What every control gets: its id and name, error wiring, and "left" tracking. */
interface ControlProps {
  id: string;
  name: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  onBlur: () => void;
}

export function TripForm({ initial, mode, validate, serverErrors, busy, onSubmit, onDraftChange, footer }: TripFormProps) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState(initial);
  // Only real edits: the untouched initial draft (also on a remount after a discard) is not saved.
  useEffect(() => {
    if (draft !== initial) onDraftChange?.(draft);
  }, [draft, initial, onDraftChange]);
  const [touched, setTouched] = useState<Touched>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const errors = useMemo(() => validate(draft), [validate, draft]);

  const set = (patch: Partial<TripDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const touch = (path: string) => setTouched((s) => (s.has(path) ? s : new Set(s).add(path)));
  const errorText = (path: string): string | null => {
    const server = serverErrors?.get(path);
    if (server) return server;
    if (!submitted && !touched.has(path)) return null;
    const e = errors.get(path);
    return e ? fieldText(e, locale) : null;
  };

  /** Label + control + the inline error, wired for screen readers. */
  const field = (path: string, label: string, control: (a11y: ControlProps) => ReactNode, hint?: string) => {
    const error = errorText(path);
    const id = `f-${path.replace(/\./g, '-')}`;
    const rule = errors.get(path)?.rule;
    return (
      <div className="field" key={path}>
        <label htmlFor={id}>{label}</label>
        {control({
          id,
          name: path,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined,
          onBlur: () => touch(path),
        })}
        {hint ? <small id={`${id}-hint`} className="muted">{hint}</small> : null}
        {error ? (
          // Not an alert: the field points at it (aria-describedby), and one summary alert speaks for
          // the whole form; an empty form used to raise 16 alerts at once.
          <p id={`${id}-error`} className="field-error" data-testid={`error-${path}`} data-rule={rule}>
            {error}
          </p>
        ) : null}
      </div>
    );
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (errors.size === 0) onSubmit(draft);
    else document.getElementById(`f-${[...errors.keys()][0]!.replace(/\./g, '-')}`)?.focus();
  };

  const listButtons = (onAdd: () => void, canAdd: boolean, addLabel: string) => (
    <button type="button" className="btn btn-small btn-secondary" onClick={onAdd} disabled={!canAdd}>+ {addLabel}</button>
  );

  return (
    <form className="trip-form" onSubmit={submit} noValidate data-testid="trip-form">
      {mode === 'create' ? (
        <fieldset className="form-section">
          <legend>{t('driver.form.direction')}</legend>
          <div className="segmented">
            {(['exit', 'entry'] as Direction[]).map((d) => (
              <label key={d} className="segmented-option">
                <input type="radio" name="direction" value={d} checked={draft.direction === d} onChange={() => set({ direction: d })} />
                <span>{t(`dir.${d}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}

      <fieldset className="form-section">
        <legend>{t('driver.form.vehicle')}</legend>
        {field('vehicle.plate', t('driver.form.plate'), (a) => (
          <input {...a} value={draft.plate} autoCapitalize="characters" autoComplete="off" placeholder="24C-123.45" onChange={(e) => set({ plate: e.target.value })} />
        ), t('driver.form.plateHint'))}
        {field('vehicle.trailerPlate', t('driver.form.trailer'), (a) => (
          <input {...a} value={draft.trailerPlate} autoCapitalize="characters" autoComplete="off" placeholder="24R-012.34" onChange={(e) => set({ trailerPlate: e.target.value })} />
        ), t('driver.form.optional'))}
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('driver.form.driver')}</legend>
        {field('driver.fullName', t('driver.form.fullName'), (a) => (
          <input {...a} value={draft.fullName} autoComplete="name" onChange={(e) => set({ fullName: e.target.value })} />
        ))}
        {field('driver.phone', t('driver.form.phone'), (a) => (
          <input {...a} value={draft.phone} type="tel" inputMode="tel" autoComplete="tel" placeholder="+84 912 345 678" onChange={(e) => set({ phone: e.target.value })} />
        ))}
        {field('driver.licenseNo', t('driver.form.license'), (a) => (
          <input {...a} value={draft.licenseNo} autoComplete="off" onChange={(e) => set({ licenseNo: e.target.value })} />
        ), t('driver.form.optional'))}
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('driver.form.cargo')}</legend>
        {draft.cargo.length === 0 ? <p className="muted">{t('driver.form.noCargo')}</p> : null}
        {draft.cargo.map((c, i) => {
          const patch = (p: Partial<typeof c>) => set({ cargo: draft.cargo.map((x, j) => (j === i ? { ...x, ...p } : x)) });
          return (
            <div key={i} className="repeat card" data-testid={`cargo-${i}`}>
              <div className="repeat-head">
                <strong>{t('driver.form.cargoItem', { n: i + 1 })}</strong>
                <button type="button" className="btn btn-small btn-secondary" onClick={() => set({ cargo: draft.cargo.filter((_, j) => j !== i) })}>
                  {t('driver.form.remove')}
                </button>
              </div>
              {field(`cargo.${i}.description`, t('driver.form.description'), (a) => (
                <input {...a} value={c.description} onChange={(e) => patch({ description: e.target.value })} />
              ))}
              {/* HS code: the digits-only keypad; dots are optional (the code is stored as digits), and a
                  Vietnamese phone's decimal keypad offers "," rather than ".". */}
              {field(`cargo.${i}.hsCode`, t('driver.form.hsCode'), (a) => (
                <input {...a} value={c.hsCode} inputMode="numeric" placeholder="08109010" onChange={(e) => patch({ hsCode: e.target.value })} />
              ))}
              <div className="field-row">
                {field(`cargo.${i}.packages`, t('driver.form.packages'), (a) => (
                  <input {...a} value={c.packages} inputMode="numeric" onChange={(e) => patch({ packages: e.target.value })} />
                ))}
                {field(`cargo.${i}.grossKg`, t('driver.form.grossKg'), (a) => (
                  <input {...a} value={c.grossKg} inputMode="decimal" onChange={(e) => patch({ grossKg: e.target.value })} />
                ))}
              </div>
              <label className="check">
                <input type="checkbox" checked={c.perishable} onChange={(e) => patch({ perishable: e.target.checked })} />
                {t('driver.form.perishable')}
              </label>
              <label className="check">
                <input type="checkbox" checked={c.plantOrAnimal} onChange={(e) => patch({ plantOrAnimal: e.target.checked })} />
                {t('driver.form.plantOrAnimal')}
              </label>
            </div>
          );
        })}
        {errorText('cargo') ? <p className="field-error">{errorText('cargo')}</p> : null}
        {listButtons(() => set({ cargo: [...draft.cargo, emptyCargo()] }), draft.cargo.length < TRIP_LIMITS.cargo, t('driver.form.addCargo'))}
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('driver.form.containers')}</legend>
        {draft.containers.length === 0 ? <p className="muted">{t('driver.form.noContainers')}</p> : null}
        {draft.containers.map((c, i) => {
          const patch = (p: Partial<typeof c>) => set({ containers: draft.containers.map((x, j) => (j === i ? { ...x, ...p } : x)) });
          return (
            <div key={i} className="repeat card" data-testid={`container-${i}`}>
              <div className="repeat-head">
                <strong>{t('driver.form.containerItem', { n: i + 1 })}</strong>
                <button type="button" className="btn btn-small btn-secondary" onClick={() => set({ containers: draft.containers.filter((_, j) => j !== i) })}>
                  {t('driver.form.remove')}
                </button>
              </div>
              {field(`containers.${i}.number`, t('driver.form.containerNo'), (a) => (
                <input {...a} value={c.number} autoCapitalize="characters" autoComplete="off" placeholder="CSQU3054383" onChange={(e) => patch({ number: e.target.value })} />
              ), t('driver.form.containerHint'))}
              {field(`containers.${i}.seals`, t('driver.form.seals'), (a) => (
                <input {...a} value={c.seals} autoCapitalize="characters" autoComplete="off" onChange={(e) => patch({ seals: e.target.value })} />
              ), t('driver.form.sealsHint'))}
            </div>
          );
        })}
        {listButtons(() => set({ containers: [...draft.containers, emptyContainer()] }), draft.containers.length < TRIP_LIMITS.containers, t('driver.form.addContainer'))}
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('driver.form.declarations')}</legend>
        {draft.declarations.map((d, i) => (
          <div key={i} className="repeat-inline">
            {field(`declarations.${i}`, t('driver.form.declarationNo', { n: i + 1 }), (a) => (
              <input {...a} value={d} inputMode="numeric" placeholder="305123456780" onChange={(e) => set({ declarations: draft.declarations.map((x, j) => (j === i ? e.target.value : x)) })} />
            ))}
            <button type="button" className="btn btn-small btn-secondary" aria-label={t('driver.form.removeDeclaration', { n: i + 1 })}
              onClick={() => set({ declarations: draft.declarations.filter((_, j) => j !== i) })}>
              ×
            </button>
          </div>
        ))}
        {listButtons(() => set({ declarations: [...draft.declarations, ''] }), draft.declarations.length < TRIP_LIMITS.declarations, t('driver.form.addDeclaration'))}
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('driver.form.arrival')}</legend>
        {field('expectedArrival', t('driver.form.expectedArrival'), (a) => (
          <input {...a} type="datetime-local" value={draft.expectedArrival} onChange={(e) => set({ expectedArrival: e.target.value })} />
        ), t('driver.form.arrivalHint'))}
      </fieldset>

      {footer}
      {submitted && errors.size > 0 ? (
        <p className="banner banner-bad" role="alert" data-testid="form-summary">{t('driver.form.fix', { count: errors.size })}</p>
      ) : null}
      <button type="submit" className="btn btn-primary btn-block btn-large" disabled={busy} data-testid="trip-submit">
        {busy ? t('common.loading') : mode === 'create' ? t('driver.form.submit') : t('driver.form.saveCorrection')}
      </button>
    </form>
  );
}
