/**
 * Every refusal reads in the caller's language: each one sent to the real server with
 * Accept-Language vi and zh comes back worded from the catalogue, never the English text; and no
 * route can add an English-only refusal again (the source holds no `new AppError` with a literal).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type CallOptions, type TestApi } from '../testing/test-api.ts';
import { REFUSALS, type Words } from './refusal-words.ts';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t?.close());

interface Refusal {
  name: string;
  status: number;
  send: () => Promise<{ method: string; path: string; options: CallOptions }>;
  words: Words;
  /** When the refusal is one of several problems of the request: the field whose item carries it. */
  among?: string;
}

const REFUSALS_SENT: Refusal[] = [
  {
    name: 'no Authorization header',
    status: 401,
    send: async () => ({ method: 'GET', path: '/v1/trips', options: {} }),
    words: REFUSALS.missingBearer,
  },
  {
    name: 'Authorization header not Bearer',
    status: 401,
    send: async () => ({ method: 'GET', path: '/v1/trips', options: { headers: { authorization: 'Token abc' } } }),
    words: REFUSALS.malformedBearer,
  },
  {
    name: 'malformed token',
    status: 401,
    send: async () => ({ method: 'GET', path: '/v1/trips', options: { token: 'not-a-jwt' } }),
    words: REFUSALS.tokenInvalid('ERR_JWS_INVALID'),
  },
  {
    name: 'wrong password',
    status: 401,
    send: async () => ({ method: 'POST', path: '/v1/auth/login', options: { body: { username: `nobody-${randomUUID().slice(0, 8)}`, password: 'wrong' } } }),
    words: REFUSALS.wrongPassword,
  },
  {
    name: 'unknown trip',
    status: 404,
    send: async () => ({ method: 'GET', path: `/v1/trips/${randomUUID()}`, options: { token: await t.token('driver1') } }),
    words: REFUSALS.tripNotFound,
  },
  {
    name: 'unknown path',
    status: 404,
    send: async () => ({ method: 'GET', path: '/v1/nothing-here', options: {} }),
    // The path as the versioned router sees it, below /v1.
    words: REFUSALS.noRoute('GET', '/nothing-here'),
  },
  {
    name: 'body not JSON',
    status: 400,
    send: async () => ({ method: 'POST', path: '/v1/trips', options: { token: await t.token('driver1'), raw: '{"gateCode":' } }),
    words: REFUSALS.bodyNotJson,
  },
  {
    name: 'body not application/json',
    status: 415,
    send: async () => ({
      method: 'POST', path: '/v1/trips',
      options: { token: await t.token('driver1'), raw: 'gateCode=LAOCAI', headers: { 'content-type': 'text/plain' } },
    }),
    words: REFUSALS.sendJson,
  },
  {
    name: 'Idempotency-Key too long',
    status: 400,
    send: async () => ({
      method: 'POST', path: '/v1/trips',
      options: { token: await t.token('driver1'), body: {}, headers: { 'idempotency-key': 'k'.repeat(300) } },
    }),
    words: REFUSALS.idempotencyKeyFormat,
    among: 'Idempotency-Key',
  },
  {
    name: 'revoking a data consumer that does not exist',
    status: 404,
    send: async () => ({ method: 'DELETE', path: `/v1/admin/data-consumers/${randomUUID()}`, options: { token: await t.token('admin1') } }),
    words: REFUSALS.consumerNotFound,
  },
  {
    name: 'an admin acting on their own account',
    status: 409,
    send: async () => {
      const token = await t.token('admin1');
      const me = await t.call('GET', '/v1/me', { token });
      return { method: 'POST', path: `/v1/admin/users/${me.body.id}/disable`, options: { token, body: { reason: 'testing the wording' } } };
    },
    words: REFUSALS.notOwnAccount,
  },
];

describe('refusals in the caller\'s language', () => {
  it.each(REFUSALS_SENT)('$name is worded in vi, zh and en', async ({ status, send, words, among }) => {
    for (const [header, lang] of [['vi-VN,vi;q=0.9', 'vi'], ['zh-CN', 'zh'], ['en', 'en']] as const) {
      const { method, path, options } = await send();
      const r = await t.call(method, path, { ...options, headers: { ...options.headers, 'accept-language': header } });
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      const said: string = among ? r.body.errors.find((e: { field: string }) => e.field === among)?.detail : r.body.detail;
      expect(said).toBe(words[lang]);
      if (!among) expect(r.body.error.message).toBe(words[lang]);
      if (lang !== 'en') expect(said).not.toBe(words.en);
    }
  });
});

/** Calls a catalogue entry with stand-in arguments: a one-element array reads as a string, a number and a list. */
function sample(entry: Words | ((...args: never[]) => Words)): Words {
  if (typeof entry !== 'function') return entry;
  const args = Array.from({ length: entry.length }, () => ['7']);
  return (entry as (...a: unknown[]) => Words)(...args);
}

describe('the refusal catalogue', () => {
  it.each(Object.entries(REFUSALS))('%s says something else in vi and zh than in English', (_key, entry) => {
    const words = sample(entry);
    expect(words.vi).not.toBe(words.en);
    expect(words.zh).not.toBe(words.en);
    expect(words.vi.trim()).not.toBe('');
    expect(words.zh.trim()).not.toBe('');
  });

  it('no source file builds a refusal from an English literal (every refusal goes through the catalogue)', () => {
    const src = join(dirname(fileURLToPath(import.meta.url)), '..');
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) files.push(path);
      }
    };
    walk(src);
    const literal = /new AppError\(\s*[^,]+,\s*['"`]/g;
    const offenders = files.flatMap((path) =>
      [...readFileSync(path, 'utf8').matchAll(literal)]
        .filter((m) => !readFileSync(path, 'utf8').slice(Math.max(0, (m.index ?? 0) - 200), m.index).includes('@example'))
        .map(() => relative(src, path)),
    );
    expect(offenders).toEqual([]);
  });
});
