/**
 * Web Push to drivers' browsers (the `web-push` package: VAPID-signed, payload encrypted for the
 * subscription's keys). The VAPID key pair is made once per data directory (`vapid-keys.json`, like
 * the JWT secret) unless VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY are set, so subscriptions survive
 * restarts and every process of one deployment signs with the same key.
 */
import webpush from 'web-push';
import { dataDirSecret } from '../auth/dev-secret.ts';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  /** A contact for push services (mailto: or https:). */
  subject: string;
}

export const VAPID_FILE = 'vapid-keys.json';

/**
 * @example
 * const vapid = loadVapidKeys(process.env, '.data'); // { publicKey: 'B…', privateKey: '…', subject: 'mailto:…' }
 */
export function loadVapidKeys(env: NodeJS.ProcessEnv, dataDir: string): VapidKeys {
  const subject = env.VAPID_SUBJECT?.trim() || 'mailto:gate-it@borderflow.invalid';
  if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY) return { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject };
  const stored = JSON.parse(dataDirSecret(dataDir, VAPID_FILE, () => JSON.stringify(webpush.generateVAPIDKeys()))) as { publicKey: string; privateKey: string };
  return { ...stored, subject };
}

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** What a push attempt came to: `gone` means the browser dropped the subscription (delete it). */
export type PushOutcome = 'sent' | 'gone' | 'failed';

/**
 * Encrypts and signs with `web-push`, then sends with fetch: redirects are not followed (the
 * endpoint passed the destination guard, a redirect target did not), and the stand-in push service
 * of the tests can listen on plain HTTP.
 *
 * @example
 * const outcome = await sendPush(vapid, subscription, { title: 'BorderFlow', body: '…', url: '/driver/trips/…' });
 */
export async function sendPush(vapid: VapidKeys, target: PushTarget, message: { title: string; body: string; url: string }): Promise<PushOutcome> {
  try {
    const request = webpush.generateRequestDetails(
      { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
      JSON.stringify(message),
      // A call-up is stale within minutes: no point in a push service holding it for a day.
      { vapidDetails: vapid, TTL: 300, urgency: 'high' },
    );
    const res = await fetch(request.endpoint, {
      method: request.method,
      headers: request.headers as Record<string, string>,
      body: request.body ? new Uint8Array(request.body) : null,
      redirect: 'manual',
      signal: AbortSignal.timeout(5000),
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status === 404 || res.status === 410) return 'gone';
    return res.status >= 200 && res.status < 300 ? 'sent' : 'failed';
  } catch {
    return 'failed';
  }
}
