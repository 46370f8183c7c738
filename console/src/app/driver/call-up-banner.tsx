/**
 * The unmissable line at the top of the status page: "Go to lane X1 now" (with the time left to
 * reach it) or "Get ready: you are next". Also drives the background alert (notification,
 * vibration, flashing title) so the call-up reaches a driver who is not looking.
 */
import { useI18n } from '../i18n/i18n-context.tsx';
import { useCallUpAlert } from './call-up-alert.ts';
import type { DriverStatus } from './trip-status.ts';

/**
 * A lane as a sentence names it. Lane names are the gate's own, in Vietnamese, as on its signs
 * (kim-thanh-gate.ts): only a Vietnamese sentence carries one. On another screen the sentence (and the
 * title and notification made from it) names the lane's code, and `LaneSign` shows the sign's words
 * beside it, marked as Vietnamese, so the driver can still match the sign.
 */
export function laneLabel(status: Pick<DriverStatus, 'laneId' | 'laneName'>, locale: string): string {
  if (!status.laneId) return '';
  return locale === 'vi' && hasOwnName(status) ? `${status.laneId} (${status.laneName})` : status.laneId;
}

function hasOwnName(status: Pick<DriverStatus, 'laneId' | 'laneName'>): boolean {
  return !!status.laneName && status.laneName !== status.laneId;
}

/** The lane's sign, in the gate's language, where the sentence beside it did not name it. */
export function LaneSign({ status, locale }: { status: Pick<DriverStatus, 'laneId' | 'laneName'>; locale: string }) {
  if (locale === 'vi' || !status.laneId || !hasOwnName(status)) return null;
  return <span className="lane-sign" lang="vi" translate="no" data-testid="lane-sign">{status.laneName}</span>;
}

export function CallUpBanner({ status, now }: { status: DriverStatus; now: number }) {
  const { t, fmt, locale } = useI18n();
  const lane = laneLabel(status, locale);
  const go = status.callUp === 'go';
  const text = go ? t('driver.callup.go', { lane }) : status.callUp === 'ready' ? t('driver.callup.ready', { position: status.position ?? 1 }) : null;
  useCallUpAlert(
    text
      ? {
          id: `${status.callUp}:${status.laneId ?? status.position}:${status.stage}`,
          title: text,
          body: go ? t('driver.callup.goBody', { lane }) : t('driver.callup.readyBody'),
          urgent: go,
        }
      : null,
  );
  if (!text) return null;
  return (
    // Only the "go now" banner is `call-up-banner` (the agreed test id: it appears when the truck is called).
    <div className={`call-up call-up-${status.callUp}`} role="alert" aria-live="assertive" data-testid={go ? 'call-up-banner' : 'get-ready-banner'} data-mode={status.callUp}
      data-lane={status.laneId ?? undefined}>
      <strong className="call-up-text">{text}</strong>
      {go ? <LaneSign status={status} locale={locale} /> : null}
      {go && status.deadline ? (
        <span className="call-up-deadline">{t('driver.callup.deadline', { time: fmt.duration(status.deadline - now) })}</span>
      ) : null}
      {go && status.stage ? <span>{t('driver.callup.for', { stage: t(`stage.${status.stage}`) })}</span> : null}
    </div>
  );
}
