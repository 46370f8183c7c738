/**
 * Device keys: how a gate device (an ANPR camera) authenticates to the device gateway. Issued per device
 * by an admin, `bfv_<prefix>_<secret>`, shown once, stored as sha256, revoked by an admin (checked on
 * every message). Not a person's token nor a company's key: it opens the device push routes only.
 */
import type { PrismaClient } from '@borderflow/db';
import { keyMatches, newApiKey } from './api-keys.ts';

export const DEVICE_KEY_PREFIX = 'bfv_';
const KEY_PATTERN = /^bfv_([0-9a-f]{16})_([A-Za-z0-9_-]{32})$/;

export type DeviceRow = Awaited<ReturnType<PrismaClient['device']['findUnique']>> & object;

/**
 * A fresh device key: its public prefix, the whole key (shown once) and the hash to store.
 *
 * @example
 * const { prefix, key, secretHash } = newDeviceKey(); // key = 'bfv_<16 hex>_<32 chars>'
 */
export function newDeviceKey(): { prefix: string; key: string; secretHash: string } {
  return newApiKey(undefined, DEVICE_KEY_PREFIX);
}

/**
 * The live device a presented key belongs to, or why not (`missing_key`, `malformed_key`,
 * `unknown_or_revoked_key`: the caller is told only 401, the raw log keeps the rule).
 *
 * @example
 * const r = await authenticateDevice(db, req.get('x-device-key'));
 * if (!r.ok) refuse(r.reason);
 */
export async function authenticateDevice(
  db: PrismaClient,
  presented: string | undefined,
): Promise<{ ok: true; device: DeviceRow } | { ok: false; reason: 'missing_key' | 'malformed_key' | 'unknown_or_revoked_key' }> {
  if (presented === undefined || presented.trim() === '') return { ok: false, reason: 'missing_key' };
  const key = presented.trim();
  const match = KEY_PATTERN.exec(key);
  if (!match) return { ok: false, reason: 'malformed_key' };
  const row = await db.device.findUnique({ where: { prefix: match[1]! } });
  if (!row || row.revokedAt || !keyMatches(key, row.secretHash)) return { ok: false, reason: 'unknown_or_revoked_key' };
  return { ok: true, device: row };
}
