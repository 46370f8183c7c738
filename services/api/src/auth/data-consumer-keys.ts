/**
 * Data-consumer keys: how the province's data platform (LGSP / IOC) calls the open feed. Not a company's
 * key (api-keys.ts): a data consumer belongs to no company and its principal has the role `data-consumer`,
 * which the permission table admits to the `province.*` rows only. `bfd_<prefix>_<secret>`, shown once,
 * stored as sha256, revoked by an admin (checked on every request, so refused at once everywhere).
 */
import type { PrismaClient } from '@borderflow/db';
import { AppError } from '../app-error.ts';
import { keyMatches, lastUseDue, newApiKey } from './api-keys.ts';
import type { AccessClaims } from './jwt.ts';
import { REFUSALS } from '../http/refusal-words.ts';

/** Recognises a data-consumer key in `X-Api-Key` or `Authorization: Bearer`. */
export const DATA_CONSUMER_KEY_PREFIX = 'bfd_';
const KEY_PATTERN = /^bfd_([0-9a-f]{16})_([A-Za-z0-9_-]{32})$/;

/**
 * A fresh data-consumer key: its public prefix, the whole key (shown once) and the hash to store.
 *
 * @example
 * const { prefix, key, secretHash } = newDataConsumerKey(); // key = 'bfd_<16 hex>_<32 chars>'
 * newDataConsumerKey(row.prefix); // a rotation: the same prefix, a new secret
 */
export function newDataConsumerKey(prefix?: string): { prefix: string; key: string; secretHash: string } {
  return newApiKey(prefix, DATA_CONSUMER_KEY_PREFIX);
}

/**
 * Resolves a presented data-consumer key to its principal. Unknown and revoked keys get the same 401.
 *
 * @example
 * const who = await authenticateDataConsumerKey(db, 'bfd_0123456789abcdef_…'); // who.role === 'data-consumer'
 */
export async function authenticateDataConsumerKey(db: PrismaClient, key: string): Promise<AccessClaims> {
  const refused = AppError.worded('UNAUTHENTICATED', REFUSALS.consumerKeyRefused);
  const match = KEY_PATTERN.exec(key);
  if (!match) throw AppError.worded('UNAUTHENTICATED', REFUSALS.consumerKeyMalformed);
  const row = await db.dataConsumer.findUnique({ where: { prefix: match[1]! } });
  if (!row || row.revokedAt || !keyMatches(key, row.secretHash)) throw refused;
  const now = new Date();
  if (lastUseDue(row.lastUsedAt, now)) await db.dataConsumer.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  return {
    id: `consumer:${row.id}`,
    username: `${DATA_CONSUMER_KEY_PREFIX}${row.prefix}`,
    role: 'data-consumer',
    sid: `consumer:${row.id}`,
    sv: 0,
    exp: 0,
  };
}
