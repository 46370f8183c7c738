/**
 * The route of a trip through the gate, from the customs channel and the cargo.
 * One function so the API (at check-in and on every agency decision), the
 * simulators and the tests agree on it.
 */
import type { Channel, Stage } from './domain.ts';

export interface StagesForInput {
  /** null = no customs decision yet: documents are checked at the gate. */
  channel: Channel | null;
  /** Inspection modes from the decision (e.g. ['physical']). */
  inspectionModes?: readonly string[];
  /** Any plant or animal cargo. */
  plantOrAnimal: boolean;
}

/**
 * - no decision → documents, gate
 * - green → gate; yellow → documents, gate
 * - red → documents, xray, gate (physical instead of xray when the decision asks for physical)
 * - plant/animal cargo (or a decision asking for quarantine) → quarantine before gate
 *
 * @example
 * stagesFor({ channel: 'red', inspectionModes: ['physical'], plantOrAnimal: true });
 * // ['documents', 'physical', 'quarantine', 'gate']
 */
export function stagesFor({ channel, inspectionModes = [], plantOrAnimal }: StagesForInput): Stage[] {
  const stages: Stage[] = [];
  if (channel === null || channel === 'yellow') stages.push('documents');
  if (channel === 'red') {
    stages.push('documents', inspectionModes.includes('physical') ? 'physical' : 'xray');
  }
  if (plantOrAnimal || inspectionModes.includes('quarantine')) stages.push('quarantine');
  stages.push('gate');
  return stages;
}
