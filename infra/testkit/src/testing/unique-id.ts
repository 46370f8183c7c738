import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A short random id of lowercase letters and digits, for test-scoped names (Redis key prefixes,
 * gate codes, database names) so that tests running in parallel never share state.
 *
 * Only `[a-z0-9]` so the result is safe inside Redis SCAN patterns, SQL identifiers and URLs.
 *
 * @example
 * ```ts
 * const db = uniqueId('test_'); // "test_k3v9x0q2ma"
 * ```
 */
export function uniqueId(prefix = '', length = 10): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return prefix + id;
}
