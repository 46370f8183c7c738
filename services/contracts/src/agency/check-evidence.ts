/**
 * Does what the gate's sensors saw match the trip? A truck whose plate,
 * containers, seals or weight disagree with its registration must be stopped
 * and reported (an `exception` gate event), never waved through: that is the
 * whole point of customs supervision at the gate. Pure functions, so the
 * adapters, the simulators and the console agree on the verdict.
 */
import { normaliseCnPlate } from '../identifiers/cn-plate.ts';
import { checkContainerNumber, normaliseContainerNumber } from '../identifiers/container.ts';
import type { GateEventMessage, GateEventMessageOf } from './gate-event-message.ts';
import type { EvidenceMismatch, GateEvidence, PlateRead } from './gate-evidence.ts';

/** The parts of a trip the evidence is checked against (the API's `Trip` fits). */
export interface EvidenceSubject {
  vehicle: { plate: string; trailerPlate?: string | null };
  containers: ReadonlyArray<{ number: string; seals: readonly string[] }>;
  cargo?: ReadonlyArray<{ grossKg: number }>;
}

export interface CheckEvidenceOptions {
  /** Reads below this confidence neither confirm nor contradict the trip (default 0.85). */
  minConfidence?: number;
  /** Measured gross may be this fraction under the declared cargo weight (default 0.05: scale and rounding). */
  weightTolerance?: number;
  /** Most a truck + trailer + containers can weigh empty (default 25 000 kg). */
  maxTareKg?: number;
}

// Strips the separators both sides' plates use (`24C-123.45`, `云G·12345`) and upper-cases.
const plateKey = (p: string) => normaliseCnPlate(p);

function checkPlates(
  reads: ReadonlyArray<{ read: PlateRead; index: number }>,
  expected: string | null,
  what: 'plate' | 'trailer',
  min: number,
): EvidenceMismatch[] {
  if (reads.length === 0) return [];
  const want = expected === null ? null : plateKey(expected);
  const confident = reads.filter((r) => r.read.confidence >= min);
  if (want !== null && confident.some((r) => plateKey(r.read.plate) === want)) return [];
  if (confident.length > 0) {
    return confident.map(({ read, index }) => ({
      rule: `${what}_mismatch` as const,
      field: `plateReads.${index}`,
      expected: want,
      read: plateKey(read.plate),
      confidence: read.confidence,
      message:
        want === null
          ? `a ${what} plate ${plateKey(read.plate)} was read but the trip has no ${what}`
          : `${what} plate read ${plateKey(read.plate)} does not match the trip's ${want}`,
    }));
  }
  const best = [...reads].sort((a, b) => b.read.confidence - a.read.confidence)[0]!;
  return [
    {
      rule: `${what}_unconfirmed`,
      field: `plateReads.${best.index}`,
      expected: want,
      read: plateKey(best.read.plate),
      confidence: best.read.confidence,
      message: `${what} plate read with confidence ${best.read.confidence} is below ${min}: confirm by hand`,
    },
  ];
}

function checkContainers(subject: EvidenceSubject, evidence: GateEvidence, min: number): EvidenceMismatch[] {
  const out: EvidenceMismatch[] = [];
  const expected = new Set(subject.containers.map((c) => normaliseContainerNumber(c.number)));
  const seen = new Set<string>();
  evidence.containerReads.forEach((read, index) => {
    const number = normaliseContainerNumber(read.number);
    if (read.confidence < min) return;
    seen.add(number);
    if (!expected.has(number)) {
      const valid = checkContainerNumber(number).ok;
      out.push({
        rule: 'container_unexpected',
        field: `containerReads.${index}`,
        expected: null,
        read: number,
        confidence: read.confidence,
        message: valid
          ? `container ${number} is not on this trip`
          : `container read ${number} is not a valid ISO 6346 number and is not on this trip`,
      });
    }
  });
  // Only a gate that reads containers can miss one: no reads at all means no container camera.
  if (evidence.containerReads.length === 0) return out;
  for (const number of expected) {
    if (seen.has(number)) continue;
    const weak = evidence.containerReads.findIndex((r) => normaliseContainerNumber(r.number) === number);
    out.push(
      weak >= 0
        ? {
            rule: 'container_unconfirmed',
            field: `containerReads.${weak}`,
            expected: number,
            read: number,
            confidence: evidence.containerReads[weak]!.confidence,
            message: `container ${number} was read with confidence below ${min}: confirm by hand`,
          }
        : {
            rule: 'container_missing',
            field: 'containerReads',
            expected: number,
            read: null,
            confidence: null,
            message: `container ${number} of this trip was not seen`,
          },
    );
  }
  return out;
}

function checkSeals(subject: EvidenceSubject, evidence: GateEvidence, min: number): EvidenceMismatch[] {
  const seals = new Map(subject.containers.map((c) => [normaliseContainerNumber(c.number), c.seals.map((s) => s.trim().toUpperCase())]));
  const out: EvidenceMismatch[] = [];
  evidence.sealReads.forEach((read, index) => {
    if (read.confidence < min) return;
    const container = normaliseContainerNumber(read.containerNumber);
    const seal = read.seal.trim().toUpperCase();
    const known = seals.get(container);
    if (known?.includes(seal)) return;
    out.push({
      rule: 'seal_mismatch',
      field: `sealReads.${index}`,
      expected: known ? known.join(',') || null : null,
      read: seal,
      confidence: read.confidence,
      message: known ? `seal ${seal} is not a seal of container ${container}` : `seal ${seal} is on container ${container}, which is not on this trip`,
    });
  });
  return out;
}

function checkWeight(subject: EvidenceSubject, evidence: GateEvidence, tolerance: number, maxTareKg: number): EvidenceMismatch[] {
  const declared = (subject.cargo ?? []).reduce((sum, c) => sum + c.grossKg, 0);
  if (!evidence.weight || declared <= 0) return [];
  const measured = evidence.weight.grossKg;
  const base = { field: 'weight', expected: String(declared), read: String(measured), confidence: null };
  if (measured < declared * (1 - tolerance)) {
    return [{ ...base, rule: 'weight_below_declared', message: `weighed ${measured} kg, less than the ${declared} kg of cargo declared` }];
  }
  if (measured > declared * (1 + tolerance) + maxTareKg) {
    return [{ ...base, rule: 'weight_above_declared', message: `weighed ${measured} kg, more than ${declared} kg declared + ${maxTareKg} kg tare` }];
  }
  return [];
}

/**
 * Compares the evidence with the trip; an empty list means it matches.
 * Confident reads (≥ `minConfidence`) that contradict the trip are mismatches;
 * reads that are all too weak to decide are `*_unconfirmed` (an officer looks).
 * Missing evidence is not a mismatch: a gate without a container camera sends none.
 *
 * @example
 * checkEvidence(
 *   { vehicle: { plate: '24C12345' }, containers: [] },
 *   { plateReads: [{ target: 'truck', plate: '24C-123.46', confidence: 0.97 }], containerReads: [], sealReads: [], weight: null },
 * ); // [{ rule: 'plate_mismatch', field: 'plateReads.0', expected: '24C12345', read: '24C12346', ... }]
 */
export function checkEvidence(subject: EvidenceSubject, evidence: GateEvidence, options: CheckEvidenceOptions = {}): EvidenceMismatch[] {
  const min = options.minConfidence ?? 0.85;
  const indexed = evidence.plateReads.map((read, index) => ({ read, index }));
  return [
    ...checkPlates(indexed.filter((r) => r.read.target === 'truck'), subject.vehicle.plate, 'plate', min),
    ...checkPlates(indexed.filter((r) => r.read.target === 'trailer'), subject.vehicle.trailerPlate ?? null, 'trailer', min),
    ...checkContainers(subject, evidence, min),
    ...checkSeals(subject, evidence, min),
    ...checkWeight(subject, evidence, options.weightTolerance ?? 0.05, options.maxTareKg ?? 25_000),
  ];
}

/**
 * Screens an outbound gate event against its evidence: the event itself
 * (with the evidence attached) when everything matches, otherwise an
 * `exception` event carrying the mismatches, so the truck is stopped and
 * customs is told why. Events without evidence pass unchanged.
 *
 * @example
 * const out = screenGateEvent(gateIn, trip, evidence);
 * if (out.type === 'exception') keepBarrierClosed(out.mismatches);
 */
export function screenGateEvent(
  message: GateEventMessage,
  subject: EvidenceSubject,
  evidence: GateEvidence | undefined,
  options?: CheckEvidenceOptions,
): GateEventMessage {
  if (!evidence || message.type === 'exception') return message;
  const mismatches = checkEvidence(subject, evidence, options);
  if (mismatches.length === 0) return { ...message, evidence };
  const exception: GateEventMessageOf<'exception'> = {
    type: 'exception',
    eventId: message.eventId,
    tripId: message.tripId,
    occurredAt: message.occurredAt,
    plate: message.plate,
    trailerPlate: message.trailerPlate,
    laneId: message.laneId,
    declarationKeys: message.declarationKeys,
    evidence,
    attempted: message.type,
    mismatches,
  };
  return exception;
}
