/**
 * One lane on the board: status and direction, the truck in it (plate, trailer, cargo, stage,
 * time in lane against the expected time), the next trucks it will take, and the actions the
 * lane allows with their keys. Memoised: with 200 lanes, an event re-renders only the cards
 * whose lane or line changed.
 */
import { memo, useRef, useSyncExternalStore, type KeyboardEvent } from 'react';
import type { LaneViewMessage } from '@borderflow/contracts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useServerNow } from '../../live/server-clock.tsx';
import { useOnScreen } from '../../shared/use-on-screen.ts';
import type { NextTruck } from '../../live/gate-board.ts';
import { formatPlate } from '../../shared/plate-format.ts';
import { Plate } from '../../shared/plate.tsx';
import { LANE_ACTIONS, availableActions, type LaneAction } from './lane-actions.ts';
import type { TripDetails } from './use-trip-details.ts';
import type { PendingAction } from './offline-queue.ts';
import { LanePending } from './offline-panel.tsx';

/**
 * Where a card reads its next trucks from. Each card subscribes on its own, so a call-up that
 * moves a shared queue re-renders only the "next" lists that changed, not whole cards.
 */
export interface NextTrucksSource {
  subscribe(listener: () => void): () => void;
  next(lane: LaneViewMessage): readonly NextTruck[];
}

/** A source that never changes (tests, static views). */
export function fixedNextTrucks(next: readonly NextTruck[]): NextTrucksSource {
  return { subscribe: () => () => undefined, next: () => next };
}

export interface LaneCardProps {
  lane: LaneViewMessage;
  nextTrucks: NextTrucksSource;
  details: TripDetails | undefined;
  canAct: boolean;
  onAction(lane: LaneViewMessage, action: LaneAction): void;
  onKeyDown?(event: KeyboardEvent<HTMLElement>, lane: LaneViewMessage): void;
  /** This lane's actions recorded while the server was unreachable (not yet sent, or in conflict). */
  pending?: readonly PendingAction[];
}

/**
 * How long the lane's truck has been in its current step, ticking every second. A called truck
 * is "called" (it has not reached the lane), overdue only once its call-up deadline (the grace
 * to drive over) has passed; an inspection is overdue past the expected service time.
 */
function LaneTimer({ lane, visible }: { lane: LaneViewMessage; visible: boolean }) {
  const { t, fmt } = useI18n();
  const now = useServerNow(1000, visible);
  const { since, occupancy } = lane;
  const elapsed = since === null ? null : now - since;
  const expectedMs = occupancy === 'inspecting' ? lane.expectedServiceMs : null;
  const ratio = elapsed === null || !expectedMs ? null : Math.max(0, elapsed) / expectedMs;
  const deadline = occupancy === 'called' ? (lane.trip?.deadline ?? null) : null;
  const overdue = deadline !== null ? now > deadline : ratio !== null && ratio > 1;
  const label = occupancy === 'inspecting' ? t('board.lane.inLane') : t(`occ.${occupancy}`);
  return (
    <div className={overdue ? 'timer timer-overdue' : 'timer'} data-testid="lane-timer" data-occupancy={occupancy}>
      <span>{label} </span>
      <strong className="timer-elapsed">{fmt.duration(elapsed)}</strong>
      {expectedMs ? <span> / {t('board.lane.expected', { minutes: fmt.minutes(expectedMs) })}</span> : null}
      {overdue ? <span className="timer-flag"> · {t('board.lane.overdue')}</span> : null}
      {ratio !== null ? (
        <div className={overdue ? 'progress progress-overdue' : 'progress'} aria-hidden="true">
          <div className="progress-fill" style={{ width: `${Math.min(100, Math.round(ratio * 100))}%` }} />
        </div>
      ) : null}
    </div>
  );
}

/** Minutes are enough for the trucks in line: a 15 s clock, not one per second. */
function NextWait({ since, visible }: { since: number; visible: boolean }) {
  const { fmt } = useI18n();
  const now = useServerNow(15_000, visible);
  return <>{fmt.minutes(Math.max(0, now - since))}</>;
}

function sameNext(a: readonly NextTruck[], b: readonly NextTruck[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((x, i) => x.trip === b[i]!.trip && x.stage === b[i]!.stage && x.since === b[i]!.since);
}

/** One truck in a lane's line; memoised so a line that moves up by one renders only its newcomer. */
const NextItem = memo(function NextItem({ entry, visible }: { entry: NextTruck; visible: boolean }) {
  const { t } = useI18n();
  return (
    <li className="next-item">
      <Plate value={entry.trip.plate} />
      <span className={`badge badge-class-${entry.trip.priorityClass}`}>{t(`class.${entry.trip.priorityClass}`)}</span>
      <span className="next-detail">
        {t(`stage.${entry.stage}`)} · {t('board.lane.waited')} <NextWait since={entry.since} visible={visible} />
      </span>
    </li>
  );
}, (a, b) => a.entry.trip === b.entry.trip && a.entry.stage === b.entry.stage && a.entry.since === b.entry.since && a.visible === b.visible);

const noSubscription = () => () => undefined;

/**
 * The lane's next trucks. Off screen it stops following the queues (nobody reads it; with 200
 * lanes most are off screen) and catches up as soon as it scrolls into view.
 */
function NextList({ lane, source, visible }: { lane: LaneViewMessage; source: NextTrucksSource; visible: boolean }) {
  const { t } = useI18n();
  const last = useRef<readonly NextTruck[] | null>(null);
  const next = useSyncExternalStore(visible ? source.subscribe : noSubscription, () => {
    if (!visible && last.current) return last.current;
    const fresh = source.next(lane);
    if (!last.current || !sameNext(fresh, last.current)) last.current = fresh;
    return last.current;
  });
  if (next.length === 0) return <p className="muted">{t('board.lane.noneWaiting')}</p>;
  return (
    <ol className="next-list" data-testid="lane-next">
      {next.map((entry) => (
        <NextItem key={entry.trip.id} entry={entry} visible={visible} />
      ))}
    </ol>
  );
}

function CurrentTruck({ lane, details, visible }: Pick<LaneCardProps, 'lane' | 'details'> & { visible: boolean }) {
  const { t, fmt } = useI18n();
  const trip = lane.trip;
  if (!trip) return <p className="muted lane-empty">{t('board.lane.none')}</p>;
  const full = details?.status === 'loaded' ? details.trip : null;
  const cargo = full?.cargo.map((c) => c.description).join(', ');
  const kg = full?.cargo.reduce((sum, c) => sum + c.grossKg, 0) ?? 0;
  return (
    <div className="lane-truck">
      <div data-testid="lane-plate">
        <Plate value={trip.plate} large />
      </div>
      <dl className="truck-facts">
        <div>
          <dt>{t('board.lane.trailer')}</dt>
          <dd translate={full?.vehicle.trailerPlate ? 'no' : undefined}>
            {full ? (full.vehicle.trailerPlate ? formatPlate(full.vehicle.trailerPlate) : t('board.lane.noTrailer')) : '—'}
          </dd>
        </div>
        <div>
          <dt>{t('board.lane.cargo')}</dt>
          <dd>
            {full ? (
              cargo ? (
                <>
                  <span translate="no">{cargo}</span> · {fmt.number(kg)} kg
                </>
              ) : (
                t('board.lane.emptyCargo')
              )
            ) : (
              '—'
            )}
          </dd>
        </div>
        <div>
          <dt>{t('board.lane.stage')}</dt>
          <dd>
            {trip.stage ? t(`stage.${trip.stage}`) : '—'}{' '}
            <span className={`badge badge-class-${trip.priorityClass}`}>{t(`class.${trip.priorityClass}`)}</span>
          </dd>
        </div>
      </dl>
      {details?.status === 'failed' ? <p className="muted small">{t('board.lane.detailsFailed', { message: details.message })}</p> : null}
      <LaneTimer lane={lane} visible={visible} />
    </div>
  );
}

function LaneCardView({ lane, nextTrucks, details, canAct, onAction, onKeyDown, pending }: LaneCardProps) {
  const { t } = useI18n();
  const card = useRef<HTMLElement>(null);
  const visible = useOnScreen(card);
  const actions = canAct ? availableActions(lane) : [];
  return (
    <article
      ref={card}
      className="lane"
      data-status={lane.status}
      data-occupancy={lane.occupancy}
      data-direction={lane.direction}
      data-testid={`lane-${lane.id}`}
      tabIndex={0}
      aria-labelledby={`lane-title-${lane.id}`}
      onKeyDown={onKeyDown ? (e) => onKeyDown(e, lane) : undefined}
    >
      <header className="lane-head">
        <div className="lane-title" id={`lane-title-${lane.id}`}>
          <h2 className="lane-id">{lane.id}</h2>
          {/* The lane's own name is data (Vietnamese, as signposted at the gate), not a UI word. */}
          <span className="lane-name" lang="vi" translate="no">
            {lane.name}
          </span>
        </div>
        <div className="badges">
          <span className={`badge badge-dir-${lane.direction}`}>{t(`dir.${lane.direction}`)}</span>
          <span className={`badge badge-status-${lane.status}`} data-testid="lane-status">
            {t(`laneStatus.${lane.status}`)}
          </span>
        </div>
      </header>
      {lane.status !== 'open' && lane.statusReason ? (
        // The operator's words, as typed (data, not a UI string).
        <p className="lane-reason" data-testid="lane-reason">
          {t('board.lane.reason')}: <span translate="no">{lane.statusReason}</span>
        </p>
      ) : null}
      <p className="lane-serves">
        {t('board.lane.serves')}: {lane.capabilities.map((s) => t(`stage.${s}`)).join(' · ')}
        {lane.classes.length > 0 ? (
          <>
            {' '}
            {lane.classes.map((c) => (
              <span key={c} className={`badge badge-class-${c}`}>
                {t('board.lane.only', { class: t(`class.${c}`) })}
              </span>
            ))}
          </>
        ) : null}
      </p>
      <section className="lane-current" aria-label={t('board.lane.current')}>
        <div className="section-head">
          <h3>{t('board.lane.current')}</h3>
          <span className={`badge badge-occ-${lane.occupancy}`} data-testid="lane-occupancy">
            {t(`occ.${lane.occupancy}`)}
          </span>
        </div>
        <CurrentTruck lane={lane} details={details} visible={visible} />
      </section>
      <section className="lane-next" aria-label={t('board.lane.next')}>
        <h3>{t('board.lane.next')}</h3>
        <NextList lane={lane} source={nextTrucks} visible={visible} />
      </section>
      {pending ? <LanePending items={pending} /> : null}
      {actions.length > 0 ? (
        <div className="lane-actions" role="group" aria-label={t('board.actions.label', { lane: lane.id })}>
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              className={`${LANE_ACTIONS[action].style} btn-small`}
              data-testid={`action-${action}`}
              aria-keyshortcuts={LANE_ACTIONS[action].key}
              onClick={() => onAction(lane, action)}
            >
              {t(LANE_ACTIONS[action].label)} <kbd>{LANE_ACTIONS[action].key.toUpperCase()}</kbd>
            </button>
          ))}
        </div>
      ) : null}
    </article>
  );
}

export const LaneCard = memo(
  LaneCardView,
  (prev, next) =>
    prev.lane === next.lane &&
    prev.details === next.details &&
    prev.canAct === next.canAct &&
    prev.onAction === next.onAction &&
    prev.onKeyDown === next.onKeyDown &&
    prev.pending === next.pending &&
    prev.nextTrucks === next.nextTrucks,
);
