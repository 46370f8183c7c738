/**
 * The signature of a webhook delivery: HMAC-SHA256 with the endpoint's secret over
 * `<unix seconds>.<raw body>`, sent as `webhook-signature: v1=<hex>` beside `webhook-timestamp`.
 * Signing the timestamp with the body lets a receiver refuse a replayed old delivery; `v1=`
 * leaves room for a second scheme during a key or algorithm change.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * @example
 * signWebhook('whsec_…', 1767000000, '{"id":"…"}'); // 'v1=5f0c…'
 */
export function signWebhook(secret: string, timestampS: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestampS}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does (docs/webhooks.md shows the same in a few lines): recompute, compare in
 * constant time, and refuse a timestamp more than `toleranceS` away from its clock.
 *
 * @example
 * verifyWebhook(secret, req.headers['webhook-timestamp'], req.headers['webhook-signature'], rawBody); // true
 */
export function verifyWebhook(secret: string, timestamp: string | undefined, signature: string | undefined, body: string, nowMs = Date.now(), toleranceS = 300): boolean {
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowMs / 1000 - ts) > toleranceS || !signature) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  // Several signatures may be sent space-separated (during a secret rotation): any one will do.
  return signature.split(' ').some((candidate) => {
    const got = Buffer.from(candidate);
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}
