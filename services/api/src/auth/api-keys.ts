/**
 * Company API keys: `bfk_<prefix>_<secret>`. The prefix is public and unique
 * (it finds the row and names the key in lists); only the sha256 of the whole
 * key is stored, so a database leak gives no usable key. Rotation replaces the
 * secret and revocation stamps the row: both are checked on every request, so
 * the old secret is refused at once on every API process.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '@borderflow/db';
import { AppError } from '../app-error.ts';
import type { AccessClaims } from './jwt.ts';
import { REFUSALS } from '../http/refusal-words.ts';

/** Recognises a key in `Authorization: Bearer` (a JWT never starts with it). */
export const API_KEY_PREFIX = 'bfk_';
const KEY_PATTERN = /^bfk_([0-9a-f]{16})_([A-Za-z0-9_-]{32})$/;
/** lastUsedAt is written at most this often per key: one write per request would be a hot row. */
const LAST_USED_GRAIN_MS = 60_000;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * A fresh key: its public prefix, the whole key (shown once) and the hash to store.
 *
 * @example
 * const { prefix, key, secretHash } = newApiKey(); // key = 'bfk_<16 hex>_<32 chars>'
 */
export function newApiKey(
  prefix: string = randomBytes(8).toString('hex'),
  marker: string = API_KEY_PREFIX,
): { prefix: string; key: string; secretHash: string } {
  const key = `${marker}${prefix}_${randomBytes(24).toString('base64url')}`;
  return { prefix, key, secretHash: hashApiKey(key) };
}

/**
 * Whether a presented key hashes to the stored hash (constant time).
 *
 * @example
 * if (!keyMatches(key, row.secretHash)) throw refused;
 */
export function keyMatches(key: string, secretHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(secretHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** Whether lastUsedAt is stale enough to be written again (at most once a minute per key). */
export function lastUseDue(lastUsedAt: Date | null, now: Date): boolean {
  return !lastUsedAt || now.getTime() - lastUsedAt.getTime() >= LAST_USED_GRAIN_MS;
}

/**
 * Resolves a presented key to the principal it authenticates: a member of the
 * key's company (role driver in the permission table) limited to the key's scopes.
 * Unknown, rotated-away and revoked keys all get the same 401.
 *
 * @example
 * const who = await authenticateApiKey(db, 'bfk_0123456789abcdef_…');
 */
export async function authenticateApiKey(db: PrismaClient, key: string): Promise<AccessClaims> {
  const refused = AppError.worded('UNAUTHENTICATED', REFUSALS.apiKeyRefused);
  const match = KEY_PATTERN.exec(key);
  if (!match) throw AppError.worded('UNAUTHENTICATED', REFUSALS.apiKeyMalformed);
  const row = await db.apiKey.findUnique({ where: { prefix: match[1]! } });
  if (!row || row.revokedAt) throw refused;
  if (!keyMatches(key, row.secretHash)) throw refused;
  const now = new Date();
  if (lastUseDue(row.lastUsedAt, now)) {
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return {
    id: `apikey:${row.id}`,
    username: `${API_KEY_PREFIX}${row.prefix}`,
    role: 'driver',
    apiKey: { id: row.id, companyId: row.companyId, scopes: row.scopes },
    sid: `apikey:${row.id}`,
    sv: 0,
    exp: 0,
  };
}
