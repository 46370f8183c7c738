/**
 * Response validation: in development and tests every JSON answer of a route is
 * parsed against the route's response schema (contracts' route table), so a
 * handler that drifts from what the OpenAPI document and the typed client
 * promise fails the first test that reaches it, instead of a client in the field.
 * A drift is logged with the route and the zod issues and answered as a plain
 * 500 INTERNAL problem (no details leave the server). Production skips the parse
 * (it costs a JSON round trip per answer); `API_RESPONSE_VALIDATION=on|off`
 * overrides the NODE_ENV default either way.
 */
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError } from '../app-error.ts';
import { REFUSALS } from './refusal-words.ts';

/** Whether answers are validated: `API_RESPONSE_VALIDATION` (on/off) if set, else everywhere but production. */
export function responseValidationEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = env.API_RESPONSE_VALIDATION?.trim().toLowerCase();
  if (flag === 'on' || flag === 'true' || flag === '1') return true;
  if (flag === 'off' || flag === 'false' || flag === '0') return false;
  return env.NODE_ENV !== 'production';
}

export interface ResponseCheck {
  /**
   * Throws a 500 INTERNAL AppError when `body` (as the client will read it, after JSON) does not
   * match `schema`; logs the route and the issues.
   */
  (route: { method: string; path: string }, schema: z.ZodType, body: unknown): void;
}

/**
 * @example
 * const check = responseCheck(logger);
 * check({ method: 'get', path: '/v1/me' }, ZUserSchema, out); // throws AppError('INTERNAL') on drift
 */
export function responseCheck(logger: Logger): ResponseCheck {
  return (route, schema, body) => {
    // What the client parses: JSON drops undefined fields and turns Dates into strings.
    const sent: unknown = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
    const r = schema.safeParse(sent);
    if (r.success) return;
    const issues = r.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message }));
    logger.error({ route: `${route.method.toUpperCase()} ${route.path}`, issues }, 'response does not match its schema');
    throw AppError.worded('INTERNAL', REFUSALS.internal);
  };
}
