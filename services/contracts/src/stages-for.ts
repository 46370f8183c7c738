/**
 * The route of a trip through the gate, from the customs channel and the cargo.
 * One function so the API (at check-in and on every agency decision), the
 * simulators and the tests agree on it.
 */
import type { Channel, Stage } from './domain.ts';
import { hsNeedsQuarantine } from './trust/quarantine-headings.ts';

export interface StagesForInput {
  /** null = no customs decision yet: documents are checked at the gate. */
  channel: Channel | null;
  /** Inspection modes from the decision (e.g. ['physical']). */
  inspectionModes?: readonly string[];
  /** Any cargo declared plant or animal goods (the driver's checkbox: adds quarantine, never removes it). */
  plantOrAnimal: boolean;
  /** The cargo's HS codes: goods on the published quarantine list need quarantine whatever the checkbox says. */
  hsCodes?: readonly string[];
}

/**
 * - no decision → documents, gate
 * - green → gate; yellow → documents, gate
 * - red → documents, xray, gate (physical instead of xray when the decision asks for physical)
 * - plant/animal cargo — by HS code (see quarantine-headings.ts) or declared — or a decision asking
 *   for quarantine → quarantine before gate
 *
 * @example
 * stagesFor({ channel: 'red', inspectionModes: ['physical'], plantOrAnimal: true });
 * // ['documents', 'physical', 'quarantine', 'gate']
 */
export function stagesFor({ channel, inspectionModes = [], plantOrAnimal, hsCodes = [] }: StagesForInput): Stage[] {
  const stages: Stage[] = [];
  if (channel === null || channel === 'yellow') stages.push('documents');
  if (channel === 'red') {
    stages.push('documents', inspectionModes.includes('physical') ? 'physical' : 'xray');
  }
  if (plantOrAnimal || hsCodes.some(hsNeedsQuarantine) || inspectionModes.includes('quarantine')) stages.push('quarantine');
  stages.push('gate');
  return stages;
}
