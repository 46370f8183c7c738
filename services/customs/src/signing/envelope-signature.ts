/**
 * The envelope's own `signature` (contract field): HMAC-SHA256 over
 * `<sentAt>.<canonical JSON of the envelope without its signature>`. Unlike
 * the transport signature it survives being stored, polled or relayed, so a
 * decision can be re-verified later; it is stable across delivery attempts.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EnvelopeHeader, Signature, UnsignedEnvelopeHeader } from '@borderflow/contracts';
import type { KeyRing, SigningKey } from './key-ring.ts';

/**
 * JSON with object keys sorted at every level and no whitespace: the same
 * value always gives the same bytes, whoever serialised it.
 *
 * @example
 * canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }); // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function envelopeMac(secret: Buffer, envelope: Record<string, unknown>): string {
  const { signature: _signature, ...rest } = envelope;
  return createHmac('sha256', secret).update(`${String(rest.sentAt)}.${canonicalJson(rest)}`).digest('hex');
}

/**
 * Adds the signature to an unsigned envelope.
 *
 * @example
 * const signed = signEnvelope({ messageId, correlationId, schemaVersion: '1.0', kind: 'gate_event', sentAt,
 *   sender: 'borderflow.kt', receiver: 'vn-customs', gateCode: 'KT', payload }, ring.signingKey);
 */
export function signEnvelope<T extends UnsignedEnvelopeHeader & { payload: unknown }>(
  envelope: T,
  key: SigningKey,
): T & { signature: Signature } {
  const signature: Signature = {
    algorithm: 'HMAC-SHA256',
    keyId: key.id,
    value: envelopeMac(key.secret, envelope as unknown as Record<string, unknown>),
  };
  return { ...envelope, signature };
}

/**
 * True when the envelope's signature was made with a key of the ring over exactly this content.
 *
 * @example
 * if (!verifyEnvelope(decoded, ring, Date.now())) reject('envelope signature');
 */
export function verifyEnvelope(envelope: EnvelopeHeader & { payload: unknown }, ring: KeyRing, now: number): boolean {
  const key = ring.verifyingKey(envelope.signature.keyId, now);
  if (!key) return false;
  const expected = Buffer.from(envelopeMac(key.secret, envelope as unknown as Record<string, unknown>), 'hex');
  const value = envelope.signature.value;
  const given = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
