/**
 * Where the adapter configuration comes from:
 *   AGENCY_ADAPTERS       the JSON document itself
 *   AGENCY_ADAPTERS_FILE  a path to it
 *   neither               the demo configuration (development, with the simulator's URL), or
 *                         none at all in production — there are no default secrets in production.
 */
import { readFileSync } from 'node:fs';
import { parseAdaptersConfig, type AgencyAdaptersConfig } from './adapter-config.ts';
import { demoAdaptersConfig, type DemoConfigOptions } from './demo-config.ts';

/**
 * @example
 * const config = loadAdaptersConfig(process.env, { demo: { authorityUrl: 'http://127.0.0.1:3001' } });
 */
export function loadAdaptersConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: { demo?: DemoConfigOptions; warn?: (message: string) => void } = {},
): AgencyAdaptersConfig {
  if (env.AGENCY_ADAPTERS) return parseAdaptersConfig(JSON.parse(env.AGENCY_ADAPTERS));
  if (env.AGENCY_ADAPTERS_FILE) return parseAdaptersConfig(JSON.parse(readFileSync(env.AGENCY_ADAPTERS_FILE, 'utf8')));
  if (env.NODE_ENV === 'production' || !options.demo) {
    if (env.NODE_ENV === 'production') options.warn?.('no AGENCY_ADAPTERS configuration: no agency adapter runs');
    return parseAdaptersConfig({});
  }
  return parseAdaptersConfig(demoAdaptersConfig(options.demo));
}
