/**
 * Makes a call-up noticed while the page is in the background or the phone is in a pocket:
 * a system notification (where the driver allowed them), vibration, and a flashing tab title
 * until the page is looked at again. Each distinct alert (id) fires once.
 */
import { useEffect, useRef } from 'react';

export interface CallUpAlert {
  /** Changes when there is something new to say (e.g. `go:KT-X1`). */
  id: string;
  title: string;
  body: string;
  /** Vibrate and notify (the "go now" call-up); false: title only (get ready). */
  urgent: boolean;
}

const FLASH_MS = 1000;
const VIBRATION = [400, 150, 400, 150, 800];

/** Can this browser show notifications, and did the driver allow them? */
export function notificationsAllowed(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

function notify(alert: CallUpAlert): void {
  if (!notificationsAllowed()) return;
  try {
    const n = new Notification(alert.title, { body: alert.body, tag: 'borderflow-call-up', requireInteraction: true });
    n.onclick = () => {
      window.focus();
      n.close();
    };
  } catch {
    // Android Chrome allows notifications only from a service worker: vibration and the title still work.
  }
}

/**
 * @example
 * useCallUpAlert(status.callUp === 'go' ? { id: `go:${lane}`, title: 'Go to lane X1', body: '…', urgent: true } : null);
 */
export function useCallUpAlert(alert: CallUpAlert | null): void {
  const fired = useRef<string | null>(null);
  useEffect(() => {
    if (!alert) return;
    // Notify and vibrate once per call-up (effects may re-run); the title flashes while it lasts.
    if (alert.urgent && fired.current !== alert.id) {
      // Before the driver has touched the page, browsers refuse to vibrate and log an error for it.
      if ((navigator as { userActivation?: { hasBeenActive: boolean } }).userActivation?.hasBeenActive !== false) navigator.vibrate?.(VIBRATION);
      notify(alert);
    }
    fired.current = alert.id;
    // Flash the tab title until the page is seen (a visible page stops after a few flashes).
    const original = document.title;
    let on = false;
    let flashes = 0;
    const timer = setInterval(() => {
      on = !on;
      flashes += 1;
      document.title = on ? `🔔 ${alert.title}` : original;
      if (document.visibilityState === 'visible' && flashes >= 6) stop();
    }, FLASH_MS);
    const stop = () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      document.title = original;
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') setTimeout(stop, 3 * FLASH_MS);
    };
    document.addEventListener('visibilitychange', onVisible);
    return stop;
  }, [alert?.id]);
}
