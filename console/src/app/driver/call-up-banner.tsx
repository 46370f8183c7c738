/**
 * The unmissable line at the top of the status page: "Go to lane X1 now" (with the time left to
 * reach it) or "Get ready: you are next". Also drives the background alert (notification,
 * vibration, flashing title) so the call-up reaches a driver who is not looking.
 */
import { useI18n } from '../i18n/i18n-context.tsx';
import { useCallUpAlert } from './call-up-alert.ts';
import type { DriverStatus } from './trip-status.ts';

export function laneLabel(status: Pick<DriverStatus, 'laneId' | 'laneName'>): string {
  if (!status.laneId) return '';
  return status.laneName && status.laneName !== status.laneId ? `${status.laneId} (${status.laneName})` : status.laneId;
}

export function CallUpBanner({ status, now }: { status: DriverStatus; now: number }) {
  const { t, fmt } = useI18n();
  const lane = laneLabel(status);
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
      {go && status.deadline ? (
        <span className="call-up-deadline">{t('driver.callup.deadline', { time: fmt.duration(status.deadline - now) })}</span>
      ) : null}
      {go && status.stage ? <span>{t('driver.callup.for', { stage: t(`stage.${status.stage}`) })}</span> : null}
    </div>
  );
}
