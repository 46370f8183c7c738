/**
 * The form behind a lane action that needs more than a click: a reason for open/pause/close/
 * maintenance (with quick picks), the outcome and a note to complete an inspection (keys 1–3),
 * a confirmation for a no-show. Validated with the contracts' schemas; a refusal from the
 * server stays in the dialog with its message and field.
 */
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import {
  ZCompleteInspectionRequestSchema,
  ZInspectionOutcomeSchema,
  ZLaneStatusActionRequestSchema,
  type InspectionOutcome,
  type LaneViewMessage,
} from '@borderflow/contracts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Modal } from '../../shared/modal.tsx';
import { formatPlate } from '../../shared/plate-format.ts';
import { isApiError } from '../../api/api-error.ts';
import { formIssue } from '../../shared/form-issue.ts';
import { OUTCOME_SHORTCUTS, STATUS_ACTIONS, newCommandId, type LaneAction, type LaneActionInput } from './lane-actions.ts';
import { errorText } from '../../shared/error-words.ts';

const REASONS = ['board.reason.shift', 'board.reason.break', 'board.reason.equipment', 'board.reason.staff', 'board.reason.demand'] as const;

export interface LaneActionDialogProps {
  lane: LaneViewMessage;
  action: LaneAction;
  onSubmit(input: LaneActionInput): Promise<void>;
  onClose(): void;
}

export function LaneActionDialog({ lane, action, onSubmit, onClose }: LaneActionDialogProps) {
  const { t, tAny, locale } = useI18n();
  // One id per dialog: submitting twice (a retry after a timeout) is applied once.
  const [commandId] = useState(newCommandId);
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<InspectionOutcome | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field: string | null } | null>(null);
  const isStatus = STATUS_ACTIONS.includes(action);
  const plate = formatPlate(lane.trip?.plate);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    let input: LaneActionInput;
    if (isStatus) {
      const parsed = ZLaneStatusActionRequestSchema.safeParse({ reason, commandId });
      if (!parsed.success) return setError(formIssue(parsed.error, locale, { reason: t('board.dialog.reasonField') }));
      input = { reason: parsed.data.reason, commandId };
    } else if (action === 'complete') {
      const parsed = ZCompleteInspectionRequestSchema.safeParse({ tripId: lane.trip?.id ?? '', outcome: outcome ?? undefined, note: note || undefined, commandId });
      if (!parsed.success) return setError(formIssue(parsed.error, locale, { outcome: t('board.dialog.outcome'), note: t('board.dialog.noteField') }));
      input = { outcome: parsed.data.outcome, note: parsed.data.note, commandId };
    } else {
      input = { commandId };
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit(input);
    } catch (err) {
      setError(isApiError(err) ? { message: errorText(err, tAny), field: err.field } : { message: String(err), field: null });
    } finally {
      setBusy(false);
    }
  };

  const onOutcomeKey = (event: KeyboardEvent) => {
    if (action !== 'complete' || (event.target as HTMLElement).tagName === 'TEXTAREA') return;
    const chosen = ZInspectionOutcomeSchema.options.find((o) => OUTCOME_SHORTCUTS[o] === event.key);
    if (chosen) {
      event.preventDefault();
      setOutcome(chosen);
    }
  };

  const title = t(`board.dialog.${action}`, { lane: lane.id, plate });
  return (
    <Modal title={title} onClose={onClose} testId="lane-action-dialog">
      <form className="dialog-form" onSubmit={(e) => void submit(e)} onKeyDown={onOutcomeKey} noValidate>
        {isStatus ? (
          <>
            <label className="field">
              <span>{t('board.dialog.reason')}</span>
              <input
                name="reason"
                autoFocus
                value={reason}
                maxLength={200}
                onChange={(e) => setReason(e.target.value)}
                aria-invalid={error?.field === 'reason' || undefined}
              />
            </label>
            <div className="quick-picks" role="group" aria-label={t('board.dialog.quickReasons')}>
              {REASONS.map((key) => (
                <button key={key} type="button" className="btn btn-small btn-secondary" onClick={() => setReason(t(key))}>
                  {t(key)}
                </button>
              ))}
            </div>
          </>
        ) : null}
        {action === 'complete' ? (
          <>
            <fieldset className="outcomes">
              <legend>{t('board.dialog.outcome')}</legend>
              {ZInspectionOutcomeSchema.options.map((o) => (
                <label key={o} className={`outcome outcome-${o}`}>
                  <input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} autoFocus={o === 'cleared'} />
                  <span>{t(`outcome.${o}`)}</span> <kbd>{OUTCOME_SHORTCUTS[o]}</kbd>
                </label>
              ))}
            </fieldset>
            <label className="field">
              <span>{t('board.dialog.note')}</span>
              <textarea name="note" rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} aria-invalid={error?.field === 'note' || undefined} />
            </label>
          </>
        ) : null}
        {action === 'no_show' ? <p>{t('board.dialog.no_show.body', { plate, lane: lane.id })}</p> : null}
        <p className="form-error" role="alert" data-testid="dialog-error">
          {error ? error.message : ''}
        </p>
        <div className="dialog-buttons">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('action.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="dialog-submit">
            {t('action.confirm')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
