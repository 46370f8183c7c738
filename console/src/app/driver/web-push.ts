/**
 * Web Push for the signed-in driver where the browser supports it: registers the service worker
 * (public/push-sw.js), subscribes with the server's VAPID key and gives the subscription and the
 * console's language to the server, which then pushes call-ups even when the page is closed.
 * Without support (or permission) nothing happens: the live page and SMS still reach the driver.
 */
import { ROUTES } from '@borderflow/client';
import type { PushSubscribeRequest } from '@borderflow/contracts';
import type { ApiClient } from '../api/api-client.ts';
import type { Locale } from '../i18n/define-messages.ts';

export const PUSH_SERVICE_WORKER = '/push-sw.js';

export function webPushSupported(): boolean {
  return typeof navigator !== 'undefined' && 'serviceWorker' in navigator && typeof window !== 'undefined' && 'PushManager' in window;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Subscribes this browser (again: the server keeps one row per browser, so repeating is harmless).
 *
 * @example
 * if (Notification.permission === 'granted') void subscribeToPush(api, locale);
 */
export async function subscribeToPush(api: ApiClient, locale: Locale): Promise<boolean> {
  if (!webPushSupported() || Notification.permission !== 'granted') return false;
  try {
    const { publicKey } = await api.call(ROUTES.vapidKey);
    const registration = await navigator.serviceWorker.register(PUSH_SERVICE_WORKER);
    await navigator.serviceWorker.ready;
    const subscription =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
    // The browser's JSON has the endpoint and keys the server checks; a browser that left them out is refused there.
    await api.call(ROUTES.subscribePush, { body: { ...(subscription.toJSON() as Omit<PushSubscribeRequest, 'locale'>), locale } });
    return true;
  } catch {
    // No push service reachable (offline gate network, a browser without one): the page still works.
    return false;
  }
}
