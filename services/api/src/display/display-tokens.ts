/**
 * Display tokens of the yard's LED board: `bfd_<prefix>_<secret>`. Like company API keys (the
 * prefix finds the row, only the sha256 of the whole token is stored), but a display token is a
 * principal of its own: no HTTP guard and no `/live` handshake accepts it (neither a JWT nor a
 * `bfk_` key), so it opens the board's read-only view and nothing else.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '@borderflow/db';
import { restWire, type CallUpBoard } from '@borderflow/contracts';
import type { GateScheduler } from '@borderflow/scheduler';
import { AppError } from '../app-error.ts';
import { hashApiKey } from '../auth/api-keys.ts';
import { REFUSALS } from '../http/refusal-words.ts';

export const DISPLAY_TOKEN_PREFIX = 'bfd_';
const TOKEN_PATTERN = /^bfd_([0-9a-f]{16})_([A-Za-z0-9_-]{32})$/;

/** The gate a live display token shows, and the row id (revocation disconnects by it). */
export interface DisplayPrincipal {
  tokenId: string;
  gate: string;
}

/**
 * A fresh display token: the public prefix, the whole token (shown once) and the hash to store.
 *
 * @example
 * const { prefix, token, secretHash } = newDisplayToken(); // token = 'bfd_<16 hex>_<32 chars>'
 */
export function newDisplayToken(): { prefix: string; token: string; secretHash: string } {
  const prefix = randomBytes(8).toString('hex');
  const token = `${DISPLAY_TOKEN_PREFIX}${prefix}_${randomBytes(24).toString('base64url')}`;
  return { prefix, token, secretHash: hashApiKey(token) };
}

/**
 * The gate a presented display token shows; 401 for a malformed, unknown or revoked one (the same
 * answer for all three, so a guesser learns nothing).
 *
 * @example
 * const { gate } = await authenticateDisplayToken(db, 'bfd_0123456789abcdef_…');
 */
export async function authenticateDisplayToken(db: PrismaClient, token: string | undefined): Promise<DisplayPrincipal> {
  const refused = AppError.worded('UNAUTHENTICATED', REFUSALS.displayTokenRefused);
  const match = token ? TOKEN_PATTERN.exec(token) : null;
  if (!match) throw refused;
  const row = await db.displayToken.findUnique({ where: { prefix: match[1]! } });
  if (!row || row.revokedAt) throw refused;
  const presented = Buffer.from(hashApiKey(token!), 'hex');
  const stored = Buffer.from(row.secretHash, 'hex');
  if (presented.length !== stored.length || !timingSafeEqual(presented, stored)) throw refused;
  return { tokenId: row.id, gate: row.gateCode };
}

/**
 * What the board shows now: every truck called to a lane and not yet there, oldest call first
 * (the one most likely to lapse stays on top).
 *
 * @example
 * const board = await readCallUpBoard(scheduler); // { gate: 'KT', seq: 41, calls: [{ plate: '24C-123.45', laneId: 'KT-X1', … }] }
 */
export async function readCallUpBoard(scheduler: GateScheduler): Promise<CallUpBoard> {
  const { views, meta } = await scheduler.reader.lanes();
  const calls = views
    .filter((lane) => lane.trip?.state === 'called')
    .map((lane) => ({
      plate: lane.trip!.plate,
      laneId: lane.id,
      laneName: lane.name,
      calledAt: restWire.instant(lane.since),
      deadline: restWire.instant(lane.trip!.deadline),
    }))
    // One offset (the gate's) on every text: they sort as the instants do.
    .sort((a, b) => (a.calledAt ?? '').localeCompare(b.calledAt ?? ''));
  return { gate: scheduler.gate, seq: Number(meta.seq ?? 0), calls };
}
