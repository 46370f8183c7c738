/**
 * Pseudonyms of the province feed: no plate, trip id or person leaves the platform, only
 * HMAC-SHA256(value) under a per-deployment secret. The secret is kept like the JWT secret
 * (`PROVINCE_PSEUDONYM_SECRET`, at least 32 characters in production; outside production the data
 * directory's own random one), and the key actually used is derived per gate-local year, so the
 * pseudonyms rotate every 1 January and a vehicle cannot be followed from one year into the next.
 * A separate secret (not the JWT one) so rotating login tokens does not renumber published data.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { normaliseVnPlate } from '@borderflow/contracts';
import { dataDirSecret } from '../auth/dev-secret.ts';
import { GATE_UTC_OFFSET_MIN } from '../stats/gate-time.ts';

const MIN_SECRET_LENGTH = 32;
export const PSEUDONYM_SECRET_FILE = 'province-pseudonym-secret';

/**
 * The deployment's pseudonym secret; refuses to start in production without a strong one.
 *
 * @example
 * const secret = loadPseudonymSecret(process.env); // PROVINCE_PSEUDONYM_SECRET, else .data/province-pseudonym-secret
 */
export function loadPseudonymSecret(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.PROVINCE_PSEUDONYM_SECRET;
  if (fromEnv && fromEnv.length >= MIN_SECRET_LENGTH) return fromEnv;
  if (env.NODE_ENV === 'production') {
    throw new Error(`PROVINCE_PSEUDONYM_SECRET must be set to at least ${MIN_SECRET_LENGTH} characters when NODE_ENV=production; refusing to start.`);
  }
  if (fromEnv) return fromEnv;
  return dataDirSecret(env.DATA_DIR ?? '.data', PSEUDONYM_SECRET_FILE, () => randomBytes(32).toString('hex'));
}

/** The gate-local calendar year of an instant (the year of the key that names it). */
export function gateYear(ms: number): number {
  return new Date(ms + GATE_UTC_OFFSET_MIN * 60_000).getUTCFullYear();
}

function yearKey(secret: string, year: number): Buffer {
  return createHmac('sha256', secret).update(`borderflow/province-pseudonym/${year}`).digest();
}

/**
 * The pseudonymous vehicle id of a plate at an instant: HMAC-SHA256 under that year's key, over the plate's
 * compared form (separators out, upper case: the same for every way of writing it).
 *
 * @example
 * vehicleRef(secret, '24C-123.45', Date.now()) === vehicleRef(secret, '24C12345', Date.now()); // true
 */
export function vehicleRef(secret: string, plate: string, atMs: number): string {
  return createHmac('sha256', yearKey(secret, gateYear(atMs))).update(`plate:${normaliseVnPlate(plate)}`).digest('hex');
}

/**
 * The pseudonymous id of a trip (the same year key; a different label, so it never equals a vehicleRef).
 *
 * @example
 * tripRef(secret, trip.id, event.at); // 64 hex
 */
export function tripRef(secret: string, tripId: string, atMs: number): string {
  return createHmac('sha256', yearKey(secret, gateYear(atMs))).update(`trip:${tripId}`).digest('hex');
}
