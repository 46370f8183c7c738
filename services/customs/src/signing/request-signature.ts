/**
 * Transport signature of every HTTP message between BorderFlow and an agency,
 * whatever the body's format (JSON, XML, EDIFACT): HMAC-SHA256 over
 * `<timestamp>.<raw body bytes>`, sent in three headers. The receiver checks
 * it on the raw bytes before parsing anything, refuses a timestamp outside
 * its replay window, and (see replay-guard.ts) a signature it has seen before.
 * Each delivery attempt is signed anew, so a retry is never a replay.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { KeyRing, SigningKey } from './key-ring.ts';

export const KEY_ID_HEADER = 'x-borderflow-key-id';
export const TIMESTAMP_HEADER = 'x-borderflow-timestamp';
export const SIGNATURE_HEADER = 'x-borderflow-signature';
const SCHEME = 'v1=';

/** hex HMAC-SHA256 of `<timestamp>.<body>`. */
export function requestMac(secret: Buffer, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * Headers for one signed request. The timestamp is unix milliseconds, so two
 * signings of the same body (a retry) never give the same signature.
 *
 * @example
 * const headers = signRequest(ring.signingKey, body, Date.now());
 * await fetch(url, { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json' } });
 */
export function signRequest(key: SigningKey, body: string | Buffer, now: number): Record<string, string> {
  const timestamp = String(Math.floor(now));
  return {
    [KEY_ID_HEADER]: key.id,
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: `${SCHEME}${requestMac(key.secret, timestamp, body)}`,
  };
}

export type SignatureFailure = 'missing_signature' | 'unknown_key' | 'bad_signature' | 'stale';

export type SignatureCheck =
  | { ok: true; keyId: string; timestampMs: number; mac: string }
  | { ok: false; reason: SignatureFailure; message: string };

/** Reads a header from a plain object or a `Headers`, case-insensitively. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export function headerOf(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

type HeaderCheck =
  | { ok: true; keyId: string; timestamp: string; signature: string; key: NonNullable<ReturnType<KeyRing['verifyingKey']>> }
  | { ok: false; reason: SignatureFailure; message: string };

/**
 * What can be checked before the body is read: the three headers are there, the
 * key is known and current, the timestamp is a number. A receiver runs this
 * first, so an unsigned (or wrongly keyed) request is refused without buffering
 * its body, however big.
 *
 * @example
 * const pre = checkSignatureHeaders(req.headers, ring, Date.now());
 * if (!pre.ok) throw new AppError('UNAUTHENTICATED', pre.message);
 */
export function checkSignatureHeaders(headers: HeaderSource, ring: KeyRing, now: number): HeaderCheck {
  const keyId = headerOf(headers, KEY_ID_HEADER);
  const timestamp = headerOf(headers, TIMESTAMP_HEADER);
  const signature = headerOf(headers, SIGNATURE_HEADER);
  if (!keyId || !timestamp || !signature) {
    return {
      ok: false,
      reason: 'missing_signature',
      message: `signed requests carry ${KEY_ID_HEADER}, ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} headers`,
    };
  }
  const key = ring.verifyingKey(keyId, now);
  if (!key) return { ok: false, reason: 'unknown_key', message: `key ${keyId} is unknown or retired` };
  if (!/^\d{1,15}$/.test(timestamp)) {
    return { ok: false, reason: 'bad_signature', message: `${TIMESTAMP_HEADER} must be unix milliseconds` };
  }
  return { ok: true, keyId, timestamp, signature, key };
}

/**
 * Checks a request's signature on its raw bytes, then its age.
 *
 * @example
 * const check = verifyRequest(req.headers, rawBody, ring, Date.now(), 5 * 60_000);
 * if (!check.ok) throw new AppError('UNAUTHENTICATED', check.message);
 */
export function verifyRequest(
  headers: HeaderSource,
  body: string | Buffer,
  ring: KeyRing,
  now: number,
  windowMs: number,
): SignatureCheck {
  const pre = checkSignatureHeaders(headers, ring, now);
  if (!pre.ok) return pre;
  const { keyId, timestamp, signature, key } = pre;
  const expected = Buffer.from(requestMac(key.secret, timestamp, body), 'hex');
  // Several signatures may be sent (comma separated) while the sender rotates its scheme.
  const given = signature
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith(SCHEME))
    .map((s) => s.slice(SCHEME.length));
  const match = given.find((hex) => {
    if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
    return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
  });
  if (!match) return { ok: false, reason: 'bad_signature', message: 'signature does not match the body' };
  const timestampMs = Number(timestamp);
  if (Math.abs(now - timestampMs) > windowMs) {
    return {
      ok: false,
      reason: 'stale',
      message: `signed ${Math.round((now - timestampMs) / 1000)} s from now; the replay window is ±${Math.round(windowMs / 1000)} s`,
    };
  }
  return { ok: true, keyId, timestampMs, mac: match.toLowerCase() };
}
