/**
 * What the check-in box holds: a plate (typed, or from a plate camera) or a QR pass token
 * (scanned by a keyboard-wedge reader, or pasted). QR passes carry only an opaque base64url
 * token; plates have a fixed shape, so the two cannot be confused.
 */
import { checkPlate } from '@borderflow/contracts';

export type CheckInReading =
  | { kind: 'plate'; plate: string }
  | { kind: 'qr'; qrToken: string }
  | { kind: 'unknown'; text: string };

/** A QR pass token: 16–2048 characters of base64url (the API issues 32). */
const QR_TOKEN = /^[A-Za-z0-9_-]{16,2048}$/;

/**
 * @example
 * readCheckIn('24c-123.45');                          // { kind: 'plate', plate: '24C12345' }
 * readCheckIn('q9XJ0c1Xb3Zb1l2mR8sT4uV6wY7zA0bC');    // { kind: 'qr', qrToken: '…' }
 */
export function readCheckIn(input: string): CheckInReading {
  const text = input.trim();
  // A scanned URL (…/pass/<token>) or a "BF:" prefix would still carry the token last.
  const last = text.split(/[/#?=:]/).pop() ?? text;
  const plate = checkPlate(text);
  if (plate.ok) return { kind: 'plate', plate: plate.value };
  // Plates are at most 9 characters once normalised: anything this long is a token.
  if (QR_TOKEN.test(last)) return { kind: 'qr', qrToken: last };
  return { kind: 'unknown', text };
}
