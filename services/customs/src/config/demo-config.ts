/**
 * The demo's agency adapters, all pointing at the customs-authority simulator
 * that `npm start` runs beside the platform: VNACCS-style customs (XML, by
 * callback and by polling), WCO/EDIFACT customs (CUSDEC out; its simulated
 * system only records), plant quarantine (signed JSON webhook) and the
 * far-side gate (gate events only). The secrets below are public: they are
 * refused when NODE_ENV=production (inline secrets are, see key-ring.ts).
 */
import type { AgencyAdaptersConfigInput } from './adapter-config.ts';

/** Shared by the demo adapters and the simulator's demo profiles; development only. */
export const DEMO_KEYS = {
  'vn-customs': { id: 'vnaccs-demo-2025a', secret: 'demo-only-vnaccs-shared-secret-not-for-production' },
  'wco-customs': { id: 'wco-demo-2025a', secret: 'demo-only-edifact-shared-secret-not-for-production' },
  quarantine: { id: 'quarantine-demo-2025a', secret: 'demo-only-quarantine-shared-secret-not-for-production' },
  'far-side': { id: 'far-side-demo-2025a', secret: 'demo-only-far-side-shared-secret-not-for-production' },
} as const;

export interface DemoConfigOptions {
  /** Base URL of the customs-authority simulator, e.g. http://127.0.0.1:3001 */
  authorityUrl: string;
  gates?: string[];
}

/**
 * @example
 * const config = parseAdaptersConfig(demoAdaptersConfig({ authorityUrl: authority.url }));
 */
export function demoAdaptersConfig(options: DemoConfigOptions): AgencyAdaptersConfigInput {
  const gates = options.gates ?? ['KT'];
  const base = options.authorityUrl.replace(/\/$/, '');
  return {
    systemId: 'borderflow.kt',
    customsOffices: { KT: '15BB' },
    adapters: [
      {
        name: 'vn-customs', kind: 'vnaccs', agency: 'customs', gates, receiver: 'vn-customs.vnaccs',
        url: `${base}/inbox/vnaccs`, keys: [DEMO_KEYS['vn-customs']],
        polling: { url: `${base}/poll/vnaccs`, intervalMs: 5000 },
      },
      {
        name: 'wco-customs', kind: 'edifact', agency: 'customs', gates, receiver: 'wco-customs.edifact',
        url: `${base}/inbox/edifact`, keys: [DEMO_KEYS['wco-customs']],
      },
      {
        name: 'quarantine', kind: 'webhook', agency: 'quarantine', gates, receiver: 'vn-plant-quarantine',
        url: `${base}/inbox/quarantine`, keys: [DEMO_KEYS.quarantine],
      },
      {
        name: 'far-side', kind: 'webhook', agency: 'far_side', gates, receiver: 'cn-hekou-gate',
        url: `${base}/inbox/far-side`, keys: [DEMO_KEYS['far-side']], sends: ['gate_event'],
        gateEventTypes: ['gate_out', 'border_crossed', 'turned_back'],
      },
    ],
  };
}
