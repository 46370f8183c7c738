/**
 * Message ids. Envelope ids are UUIDs; a gate event's id is derived from its
 * stable event id (`<gate>:<seq>`), so re-reading the scheduler stream after a
 * crash produces the same id and the outbox recognises the duplicate.
 */
import { createHash, randomUUID } from 'node:crypto';

/**
 * A name-based UUID (version 5 layout, SHA-1 of a fixed namespace + name).
 *
 * @example
 * uuidFromName('gate_event:KT:812') === uuidFromName('gate_event:KT:812'); // true
 */
export function uuidFromName(name: string): string {
  const hash = createHash('sha1').update('borderflow.agency-message/').update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export { randomUUID };
