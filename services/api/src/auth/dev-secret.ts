/**
 * The development signing secret: random, made once per data directory and
 * kept in `<dataDir>/jwt-secret` (mode 0600). Several dev processes on the
 * same data directory read the same file, so a token from one is accepted by
 * the others; nothing secret is published in the source.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEV_SECRET_FILE = 'jwt-secret';

function readSecret(file: string): string | null {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return text.length > 0 ? text : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Reads a secret file of the data directory, creating it with `make()` when absent. Creation is
 * atomic (write a temporary file, then `link` it into place, which fails if another process won
 * the race), so concurrent first starts agree. Also keeps the Web Push VAPID key pair.
 *
 * @example
 * const keys = dataDirSecret('.data', 'vapid-keys.json', () => JSON.stringify(generateVAPIDKeys()));
 */
export function dataDirSecret(dataDir: string, fileName: string, make: () => string): string {
  const file = join(dataDir, fileName);
  const existing = readSecret(file);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, `${make()}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file);
  } catch (err) {
    // Another process created it first: theirs counts.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(temp);
  }
  const created = readSecret(file);
  if (!created) throw new Error(`could not read the secret at ${file}`);
  return created;
}

/**
 * The data directory's JWT secret, made on first use.
 *
 * @example
 * const secret = devSecretFor('.data'); // 64 hex chars, the same on every call
 */
export function devSecretFor(dataDir: string): string {
  return dataDirSecret(dataDir, DEV_SECRET_FILE, () => randomBytes(32).toString('hex'));
}
