/**
 * The API's logger. Level from LOG_LEVEL; tests (vitest sets VITEST) are
 * silent unless LOG_LEVEL asks otherwise, so test output stays readable.
 */
import { pino, type Logger } from 'pino';

/**
 * @example
 * const logger = createLogger(); // pino at LOG_LEVEL (default info; silent under vitest)
 */
export function createLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  const level = env.LOG_LEVEL ?? (env.VITEST ? 'silent' : 'info');
  return pino({ name: 'borderflow-api', level });
}

export type { Logger };
