/**
 * The demo's weighbridge inside the yard entrance (issue 17): each truck the feeder checks in is weighed
 * a little later through the simulated scale, pushing to the device gateway with its own device key, so
 * the console shows weighings and, now and then, an overweight hold that the yard operator releases after
 * a while, as a person at the gate would once the load is put right. An admin account registers the scale
 * when the feeder starts (revoking the one an earlier run left, so one key is live).
 */
import { ROUTES } from '@borderflow/client';
import type { AxleCombination } from '@borderflow/contracts';
import type { ApiClient } from '../api-client.ts';
import type { Random } from '../random.ts';
import { SimulatedWeighbridge } from './weighbridge.ts';

export const DEMO_WEIGHBRIDGE_NAME = 'Demo weighbridge';

/** Axle configurations of the trucks at Kim Thành, with their shares. */
const AXLES: ReadonlyArray<[{ axles: number; combination: AxleCombination }, number]> = [
  [{ axles: 2, combination: 'rigid' }, 0.2],
  [{ axles: 3, combination: 'rigid' }, 0.35],
  [{ axles: 4, combination: 'rigid' }, 0.15],
  [{ axles: 5, combination: 'semitrailer' }, 0.2],
  [{ axles: 6, combination: 'semitrailer' }, 0.1],
];

export interface EntranceWeighbridgeOptions {
  url: string;
  gate: string;
  admin: ApiClient;
  rnd: Random;
  /** Share of trucks loaded over their legal limit (default 3 %). */
  overweightRate?: number;
}

/**
 * @example
 * const scale = await startEntranceWeighbridge({ url, gate: 'KT', admin, rnd });
 * const outcome = await scale.weigh('29C-123.45'); // 'weighed' | 'overweight_hold' | 'unmatched' | 'refused'
 */
export async function startEntranceWeighbridge(options: EntranceWeighbridgeOptions) {
  const admin = await options.admin.signedIn();
  const { devices } = await admin.call(ROUTES.listDevices, {});
  for (const old of devices.filter((d) => d.gate === options.gate && d.name === DEMO_WEIGHBRIDGE_NAME)) {
    await admin.call(ROUTES.revokeDevice, { params: { deviceId: old.id } });
  }
  const device = await admin.call(ROUTES.createDevice, { body: { gate: options.gate, name: DEMO_WEIGHBRIDGE_NAME, kind: 'weighbridge', position: 'yard-entrance' } });
  const scale = new SimulatedWeighbridge({ url: options.url, key: device.key, rnd: options.rnd, overweightRate: options.overweightRate ?? 0.03, name: 'demo-scale' });
  return {
    deviceId: device.id,
    /** The truck rolls onto the scale: its weighing's outcome, or `refused` when the push was. */
    async weigh(plate: string): Promise<string> {
      const { axles, combination } = options.rnd.weighted(AXLES);
      const { status, body } = await scale.weigh(plate, axles, combination);
      return status === 200 ? String(body.outcome) : 'refused';
    },
  };
}

export type EntranceWeighbridge = Awaited<ReturnType<typeof startEntranceWeighbridge>>;
