/**
 * Idempotency keys are scoped: a client's commandId means "this command, by
 * this actor, with this input". The same id from another actor or for another
 * command is a different command (it must not be answered with someone
 * else's result), and the same id with other input is a client error, not a
 * replay: answering it with the first result would let the client believe a
 * command ran that never did (a driver's cancel of trip B answered with the
 * cancel of trip A).
 */
import { createHash } from 'node:crypto';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/**
 * A short hash of any JSON-like value, the same whatever the order of object keys.
 *
 * @example
 * inputHash({ b: 1, a: [2] }) === inputHash({ a: [2], b: 1 }); // true
 */
export function inputHash(value: unknown): string {
  return sha(JSON.stringify(canonical(value)) ?? 'undefined');
}

/**
 * ARGV[4] of a scheduler command: `<scope>:<input hash>:<commandId>`, where the
 * scope hashes (actor, command, commandId). The Lua prologue stores the answer
 * under the scope and refuses a repeat whose input hash differs.
 *
 * @example
 * scopedCommandArg('user:7', 'cancel', 'cmd-1', inputHash(['trip-1'])); // 'a1…:9f…:cmd-1'
 */
export function scopedCommandArg(actor: string, command: string, commandId: string, input: string): string {
  return `${commandScope(actor, command, commandId)}:${input}:${commandId}`;
}

/**
 * The scope part of a command's idempotency key: where its answer is kept (`cmd:<scope>`).
 *
 * @example
 * commandScope('user:7', 'checkIn', 'cmd-1'); // 32 hex characters
 */
export function commandScope(actor: string, command: string, commandId: string): string {
  return sha(`${actor}\n${command}\n${commandId}`);
}
