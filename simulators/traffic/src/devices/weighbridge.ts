/**
 * A simulated weighbridge (issue 17): weighs a passing truck — its gross mass drawn around what it
 * declared, sometimes over the legal limit for its axles (`overweightRate`) — and pushes the weighing to
 * the device gateway over HTTP with its device key, like a camera's read.
 */
import { grossLimitKg, type AxleCombination } from '@borderflow/contracts';
import type { Random } from '../random.ts';

export interface WeighbridgeOptions {
  /** The gateway's base URL. */
  url: string;
  key: string;
  rnd: Random;
  /** Share of trucks loaded over their legal limit. */
  overweightRate?: number;
  name?: string;
}

/**
 * @example
 * const scale = new SimulatedWeighbridge({ url, key, rnd: createRandom(5), overweightRate: 0.03 });
 * const { status, body } = await scale.weigh('29C-123.45', 3);
 */
export class SimulatedWeighbridge {
  private seq = 0;
  constructor(private readonly options: WeighbridgeOptions) {}

  /** The mass of a truck with these axles: 60–98 % of its limit, or 3–20 % over it. */
  massFor(axles: number, combination: AxleCombination): number {
    const limit = grossLimitKg(axles, combination);
    const { rnd } = this.options;
    const share = rnd.chance(this.options.overweightRate ?? 0) ? rnd.between(1.03, 1.2) : rnd.between(0.6, 0.98);
    return Math.round((limit * share) / 10) * 10;
  }

  async weigh(plate: string, axles: number, combination: AxleCombination = 'rigid', grossKg = this.massFor(axles, combination)): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${this.options.url}/v1/devices/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-device-key': this.options.key },
      body: JSON.stringify({
        type: 'weighbridge_reading', eventId: `${this.options.name ?? 'scale'}:${String(++this.seq).padStart(6, '0')}`,
        capturedAt: new Date().toISOString(), plate, grossKg, axles, combination,
      }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
}
