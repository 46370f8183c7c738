/**
 * The lane board's backup procedure for a network cut: lane commands that cannot reach the server
 * are recorded here (in localStorage, per signed-in user and gate, so a reload keeps them) and
 * replayed in order, one at a time, with their own commandIds once the server answers again: a
 * command that did reach the server before the cut is answered with its first result, not applied
 * twice. A refusal (4xx) is a conflict: it is kept with what the server said, the later actions of
 * the same lane or truck (which assumed it took) are held back as conflicts too, and the operator
 * decides (discard); nothing is resolved silently. Other lanes' actions go on.
 *
 * Pure apart from the injected Storage, so the rules are unit-tested (offline-queue.test.ts).
 */
import { z } from 'zod';
import { isApiError } from '../../api/api-error.ts';
import type { LaneAction } from './lane-actions.ts';

/** At most this many recorded actions: a stuck or hostile tab cannot fill the browser or flood the server on reconnect. */
export const OFFLINE_QUEUE_LIMIT = 200;
/** Older than this, an action is not replayed by itself (the gate has moved on): it is shown as a conflict. */
export const OFFLINE_MAX_AGE_MS = 2 * 60 * 60 * 1000;

const STORAGE_PREFIX = 'borderflow.offlineLaneActions';

/** The queue of one user at one gate: another user on the same browser never sees or sends it. */
export function offlineQueueKey(userId: string, gate: string): string {
  return `${STORAGE_PREFIX}.${userId}.${gate}`;
}

const LANE_ACTION_NAMES = ['open', 'pause', 'close', 'maintenance', 'arrive', 'start', 'complete', 'no_show'] as const satisfies readonly LaneAction[];

const ZConflictSchema = z.object({
  /** refused: the server said no; too_old: past OFFLINE_MAX_AGE_MS; blocked: an earlier action of the lane or truck was not applied. */
  kind: z.enum(['refused', 'too_old', 'blocked']),
  at: z.number(),
  status: z.number().optional(),
  code: z.string().max(100).optional(),
  message: z.string().max(2000).optional(),
  field: z.string().max(200).nullable().optional(),
  /** blocked: the commandId of the action it waited for. */
  after: z.string().max(100).optional(),
});

const ZPendingActionSchema = z.object({
  commandId: z.string().min(1).max(100),
  gate: z.string().max(50),
  laneId: z.string().max(50),
  tripId: z.string().max(100).nullable(),
  action: z.enum(LANE_ACTION_NAMES),
  input: z.object({
    commandId: z.string().max(100),
    reason: z.string().max(500).optional(),
    outcome: z.enum(['cleared', 'held', 'turned_back']).optional(),
    note: z.string().max(1000).optional(),
  }),
  /** When the operator acted (this PC's clock, ms). */
  at: z.number(),
  /** The lane as the operator saw it when acting: what the action assumed. */
  seen: z.object({ status: z.string().max(50), occupancy: z.string().max(50), plate: z.string().max(50).nullable() }),
  conflict: ZConflictSchema.optional(),
});

export type PendingAction = z.infer<typeof ZPendingActionSchema>;
export type Conflict = z.infer<typeof ZConflictSchema>;

/** How one send went: applied (or replayed by the server), refused (a 4xx: a conflict), or the server could not be reached. */
export type SendResult =
  | { kind: 'applied' }
  | { kind: 'refused'; status: number; code: string; message: string; field: string | null }
  | { kind: 'unreachable'; message: string };

/**
 * What a failed send means for the queue. Only a refusal of this very request is a conflict; a
 * network error, a timeout, a 5xx, a 429 (try later) or a 401 (the session is being renewed or is
 * over: never a verdict on the action) leave the action to be sent again.
 */
export function classifyFailure(err: unknown): SendResult {
  if (isApiError(err) && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 408 && err.status !== 429) {
    return { kind: 'refused', status: err.status, code: err.code, message: err.message, field: err.field };
  }
  return { kind: 'unreachable', message: err instanceof Error ? err.message : String(err) };
}

/** True when `err` means the server was not reached (or did not answer): the action is recorded, not lost. */
export function isUnreachable(err: unknown): boolean {
  return classifyFailure(err).kind === 'unreachable';
}

/** A later action depends on an earlier one when it acts on the same lane or the same truck. */
function dependsOn(later: PendingAction, earlier: PendingAction): boolean {
  return later.laneId === earlier.laneId || (later.tripId !== null && later.tripId === earlier.tripId);
}

/**
 * Marks `commandId` as a conflict and holds back every later, still pending action that depends on
 * it (transitively: what waited for a held-back action is held back too).
 */
export function markConflict(items: readonly PendingAction[], commandId: string, conflict: Conflict): PendingAction[] {
  const index = items.findIndex((i) => i.commandId === commandId);
  if (index < 0) return [...items];
  const out = items.map((i) => ({ ...i }));
  out[index]!.conflict = conflict;
  const failed = [out[index]!];
  for (let k = index + 1; k < out.length; k++) {
    const item = out[k]!;
    if (item.conflict) continue;
    const cause = failed.find((f) => dependsOn(item, f));
    if (cause) {
      item.conflict = { kind: 'blocked', at: conflict.at, after: cause.commandId };
      failed.push(item);
    }
  }
  return out;
}

/** Pending actions older than OFFLINE_MAX_AGE_MS become "too old to replay" conflicts (with their dependants). */
export function expireOld(items: readonly PendingAction[], now: number, maxAgeMs = OFFLINE_MAX_AGE_MS): PendingAction[] {
  let out = [...items];
  for (const item of items) {
    const current = out.find((i) => i.commandId === item.commandId)!;
    if (!current.conflict && now - current.at > maxAgeMs) out = markConflict(out, current.commandId, { kind: 'too_old', at: now });
  }
  return out;
}

/** The next action to send: the oldest one not in conflict (the queue is kept in the order the operator acted). */
export function nextToSend(items: readonly PendingAction[]): PendingAction | undefined {
  return items.find((i) => !i.conflict);
}

export const pendingCount = (items: readonly PendingAction[]) => items.filter((i) => !i.conflict).length;
export const conflicts = (items: readonly PendingAction[]) => items.filter((i) => i.conflict);

/** The queue is full: the action was not recorded (the operator must use the paper procedure). */
export class OfflineQueueFullError extends Error {
  constructor() {
    super(`offline queue full (${OFFLINE_QUEUE_LIMIT} actions)`);
    this.name = 'OfflineQueueFullError';
  }
}

type Listener = () => void;

/**
 * One user's queue at one gate, kept in `storage` (a browser's localStorage). Reads what another tab
 * or an earlier page wrote; anything that does not parse (an old format, a tampered value) is dropped:
 * the server judges every replayed command under the user's own token anyway.
 *
 * @example
 * const queue = new OfflineQueue(localStorage, offlineQueueKey(session.user.id, 'KT'));
 * queue.add({ commandId, gate: 'KT', laneId: 'KT-X1', tripId, action: 'start', input: { commandId }, at: Date.now(), seen });
 * await replayQueue(queue, (item) => send(item));
 */
export class OfflineQueue {
  private items: PendingAction[];
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly storage: Storage,
    readonly key: string,
    private readonly limit = OFFLINE_QUEUE_LIMIT,
  ) {
    this.items = this.read();
  }

  private read(): PendingAction[] {
    let raw: unknown;
    try {
      raw = JSON.parse(this.storage.getItem(this.key) ?? '[]');
    } catch {
      return [];
    }
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((r) => {
      const parsed = ZPendingActionSchema.safeParse(r);
      return parsed.success ? [parsed.data] : [];
    }).slice(0, this.limit);
  }

  getItems = (): readonly PendingAction[] => this.items;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Re-reads the stored queue (another tab of the same user changed it). Every change starts from
   * the stored queue too, so two tabs never overwrite each other's recorded actions.
   */
  reload(): void {
    const stored = this.read();
    if (JSON.stringify(stored) !== JSON.stringify(this.items)) this.set(stored);
  }

  /** The stored queue, to change (getItems() stays as it was until the change is made). */
  private fresh(): PendingAction[] {
    return this.read();
  }

  private set(items: PendingAction[]): void {
    this.items = items;
    if (items.length === 0) this.storage.removeItem(this.key);
    else this.storage.setItem(this.key, JSON.stringify(items));
    for (const l of this.listeners) l();
  }

  /** Records an action at the end of the queue; throws OfflineQueueFullError past the limit. */
  add(item: Omit<PendingAction, 'conflict'>): void {
    const items = this.fresh();
    if (items.length >= this.limit) throw new OfflineQueueFullError();
    if (items.some((i) => i.commandId === item.commandId)) return;
    this.set([...items, ZPendingActionSchema.parse(item)]);
  }

  /** The operator's choice on a conflict (or a pending action they no longer want sent). */
  discard(commandId: string): void {
    this.set(this.fresh().filter((i) => i.commandId !== commandId));
  }

  /** Applies one send's result: applied → gone; refused → a conflict holding back its dependants. */
  settle(commandId: string, result: SendResult, now: number): void {
    if (result.kind === 'applied') this.set(this.fresh().filter((i) => i.commandId !== commandId));
    else if (result.kind === 'refused') {
      const { status, code, message, field } = result;
      this.set(markConflict(this.fresh(), commandId, { kind: 'refused', at: now, status, code, message, field }));
    }
  }

  expire(now: number): void {
    const items = this.fresh();
    const next = expireOld(items, now);
    if (next.some((item, i) => item.conflict !== items[i]!.conflict)) this.set(next);
  }
}

export interface ReplayOutcome {
  applied: number;
  refused: number;
  /** The server could not be reached: the rest waits for the next try. */
  stoppedUnreachable: boolean;
}

/**
 * Sends the pending actions in order, one at a time, until none is left or the server cannot be
 * reached. `shouldContinue` is asked before each send (the user signed out or changed: stop).
 * New actions recorded meanwhile are picked up in their turn.
 */
export async function replayQueue(
  queue: OfflineQueue,
  send: (item: PendingAction) => Promise<SendResult>,
  { now = Date.now, shouldContinue = () => true }: { now?: () => number; shouldContinue?: () => boolean } = {},
): Promise<ReplayOutcome> {
  const outcome: ReplayOutcome = { applied: 0, refused: 0, stoppedUnreachable: false };
  queue.expire(now());
  for (let item = nextToSend(queue.getItems()); item; item = nextToSend(queue.getItems())) {
    if (!shouldContinue()) break;
    const result = await send(item);
    if (result.kind === 'unreachable') {
      outcome.stoppedUnreachable = true;
      break;
    }
    queue.settle(item.commandId, result, now());
    if (result.kind === 'applied') outcome.applied++;
    else outcome.refused++;
  }
  return outcome;
}
