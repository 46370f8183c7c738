/**
 * Slots released at a published time go out fairly: requests are collected for a short window
 * (so answering in the first millisecond gains nothing), then served in a random order drawn from a
 * published seed (anyone can replay the draw and check it). The draw books each request in this
 * order through the slot ledger (api booking/fair-release.ts `drawRelease`), which alone decides
 * capacity, one booking per vehicle and driver, and the account and company quotas.
 */
import { createHash } from 'node:crypto';

export interface ReleaseRequest {
  accountId: string;
  /** The caller's request id, unique within the window. */
  requestId: string;
}

/** A seeded order: SHA-256 of seed + request id, ascending. The same seed gives the same order. */
export function drawOrder<T extends ReleaseRequest>(requests: readonly T[], seed: string): T[] {
  const key = (r: T) => createHash('sha256').update(`${seed}\u0000${r.requestId}`).digest('hex');
  return requests.map((r) => ({ r, k: key(r) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0)).map((x) => x.r);
}
