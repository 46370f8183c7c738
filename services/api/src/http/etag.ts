/**
 * Optimistic concurrency on writes: a resource's ETag is its stored version
 * (its `updatedAt` in ms), and a write sent with `If-Match` applies only if the
 * resource is still at that version — else 412 PRECONDITION_FAILED, and the
 * client reads again. `If-Match` is optional (docs/api-conventions.md): the
 * console and older integrations write without it.
 */
import type { Request } from 'express';
import { AppError } from '../app-error.ts';
import { REFUSALS } from './refusal-words.ts';

/**
 * @example
 * etagOf('2026-03-01T01:00:00.000Z'); // '"v1772326800000"'
 */
export function etagOf(updatedAt: string | Date): string {
  return `"v${new Date(updatedAt).getTime()}"`;
}

/**
 * The version an `If-Match` header asks for: undefined without the header, `'*'` for any,
 * else the version. A weak or foreign tag can never match a strong version: 412 at once.
 *
 * @example
 * ifMatchVersion(req); // Date | '*' | undefined
 */
export function ifMatchVersion(req: Request): Date | '*' | undefined {
  const raw = req.headers['if-match'];
  if (raw === undefined) return undefined;
  if (raw.trim() === '*') return '*';
  const tags = raw.split(',').map((t) => t.trim());
  const versions = tags.map((t) => /^"v(\d{1,15})"$/.exec(t)?.[1]).filter((v): v is string => v !== undefined);
  // Several tags: a client holding one of several versions; only one can be current, so one is enough.
  if (versions.length !== 1) throw staleVersion();
  return new Date(Number(versions[0]));
}

export function staleVersion(): AppError {
  return AppError.worded('PRECONDITION_FAILED', REFUSALS.staleEtag, 'If-Match');
}
