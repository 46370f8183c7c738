/**
 * The one test platform of a file, started before its tests and closed after them, so a test file says in one
 * line what it runs against instead of repeating the `let t` / beforeAll / afterAll block.
 */
import { afterAll, beforeAll } from 'vitest';
import { startTestApi, type TestApi } from './test-api.ts';

export interface FileTestApi extends TestApi {
  /** The tokens of these seeded users (password `demo`), in the order asked. */
  tokens<const U extends readonly string[]>(...usernames: U): Promise<{ -readonly [K in keyof U]: string }>;
}

/**
 * @example
 * const t = useTestApi();
 * let driver: string, operator: string;
 * beforeAll(async () => { [driver, operator] = await t.tokens('driver1', 'operator1'); });
 */
export function useTestApi(...args: Parameters<typeof startTestApi>): FileTestApi {
  let api: TestApi | undefined;
  beforeAll(async () => {
    api = await startTestApi(...args);
  });
  afterAll(() => api?.close());
  const started = (): TestApi => {
    if (!api) throw new Error('useTestApi: the platform starts in beforeAll; use it inside a test or a later hook');
    return api;
  };
  return {
    get platform() { return started().platform; },
    get url() { return started().url; },
    get prefix() { return started().prefix; },
    get db() { return started().db; },
    token: (username) => started().token(username),
    // Promise.all keeps the order; the mapped tuple type only names it.
    tokens: (...usernames) => Promise.all(usernames.map((u) => started().token(u))) as never,
    call: (method, path, options) => started().call(method, path, options),
    socket: (token) => started().socket(token),
    close: () => started().close(),
  };
}
