import { describe, expect, it } from 'vitest';
import { checkEvidence, screenGateEvent, type EvidenceSubject } from './check-evidence.ts';
import { ZGateEventMessageSchema } from './gate-event-message.ts';
import { ZGateEvidenceSchema, type GateEvidenceInput } from './gate-evidence.ts';
import { exampleGateIn } from './test-fixtures.ts';

const trip: EvidenceSubject = {
  vehicle: { plate: '24C12345', trailerPlate: '24R01234' },
  containers: [
    { number: 'CSQU3054383', seals: ['VN123456'] },
    { number: 'MSCU1234566', seals: [] },
  ],
  cargo: [{ grossKg: 18_000 }, { grossKg: 4_500 }],
};
const ev = (e: GateEvidenceInput) => ZGateEvidenceSchema.parse(e);
const rules = (e: GateEvidenceInput, subject = trip) => checkEvidence(subject, ev(e)).map((m) => `${m.rule}@${m.field}`);

describe('checkEvidence', () => {
  it('passes matching reads (separators, case and one weak read are fine)', () => {
    expect(
      rules({
        plateReads: [
          { target: 'truck', plate: '24c-123.45', confidence: 0.97 },
          { target: 'truck', plate: '24C-128.45', confidence: 0.4 },
          { target: 'trailer', plate: '24R-012.34', confidence: 0.9 },
        ],
        containerReads: [{ number: 'CSQU 305438 3', confidence: 0.95 }, { number: 'MSCU1234566', confidence: 0.88 }],
        sealReads: [{ containerNumber: 'CSQU3054383', seal: 'vn123456', confidence: 0.9 }],
        weight: { grossKg: 38_000 },
      }),
    ).toEqual([]);
  });

  it('no evidence is no mismatch', () => {
    expect(rules({})).toEqual([]);
  });

  it('a confident wrong plate is a mismatch naming expected and read', () => {
    const [m, ...rest] = checkEvidence(trip, ev({ plateReads: [{ target: 'truck', plate: '24C-123.46', confidence: 0.96 }] }));
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ rule: 'plate_mismatch', field: 'plateReads.0', expected: '24C12345', read: '24C12346', confidence: 0.96 });
  });

  it('weak reads only are unconfirmed (best one reported); threshold is configurable', () => {
    const e = ev({ plateReads: [{ target: 'truck', plate: '24C12346', confidence: 0.5 }, { target: 'truck', plate: '24C12345', confidence: 0.7 }] });
    expect(checkEvidence(trip, e).map((m) => `${m.rule}@${m.field}`)).toEqual(['plate_unconfirmed@plateReads.1']);
    expect(checkEvidence(trip, e, { minConfidence: 0.6 })).toEqual([]);
  });

  it('a trailer read on a trip without trailer, or the wrong trailer', () => {
    const noTrailer = { ...trip, vehicle: { plate: '24C12345', trailerPlate: null } };
    expect(rules({ plateReads: [{ target: 'trailer', plate: '24R01234', confidence: 0.9 }] }, noTrailer)).toEqual(['trailer_mismatch@plateReads.0']);
    expect(rules({ plateReads: [{ target: 'trailer', plate: '24R09999', confidence: 0.9 }] })).toEqual(['trailer_mismatch@plateReads.0']);
  });

  it('containers: unexpected, missing, unconfirmed, misread', () => {
    expect(
      rules({
        containerReads: [
          { number: 'CSQU3054383', confidence: 0.99 },
          { number: 'TGHU1234560', confidence: 0.95 },
          { number: 'MSCU1234566', confidence: 0.5 },
        ],
      }),
    ).toEqual(['container_unexpected@containerReads.1', 'container_unconfirmed@containerReads.2']);
    expect(rules({ containerReads: [{ number: 'CSQU3054383', confidence: 0.99 }] })).toEqual(['container_missing@containerReads']);
    const [misread] = checkEvidence(trip, ev({ containerReads: [{ number: 'CSQU3054384', confidence: 0.9 }, { number: 'MSCU1234566', confidence: 0.9 }] }));
    expect(misread?.message).toMatch(/not a valid ISO 6346 number/);
  });

  it('seals that are not the container’s', () => {
    expect(
      rules({
        sealReads: [
          { containerNumber: 'CSQU3054383', seal: 'XX999', confidence: 0.9 },
          { containerNumber: 'TGHU1234560', seal: 'VN123456', confidence: 0.9 },
          { containerNumber: 'CSQU3054383', seal: 'YY1', confidence: 0.3 },
        ],
      }),
    ).toEqual(['seal_mismatch@sealReads.0', 'seal_mismatch@sealReads.1']);
  });

  it('weight below the declared cargo or beyond cargo + tare', () => {
    expect(rules({ weight: { grossKg: 20_000 } })).toEqual(['weight_below_declared@weight']);
    expect(rules({ weight: { grossKg: 22_000 } })).toEqual([]); // within 5 %
    expect(rules({ weight: { grossKg: 49_000 } })).toEqual(['weight_above_declared@weight']);
    expect(rules({ weight: { grossKg: 10_000 } }, { ...trip, cargo: [] })).toEqual([]); // nothing declared
  });
});

describe('screenGateEvent', () => {
  const gateIn = ZGateEventMessageSchema.parse(exampleGateIn());

  it('attaches evidence when it matches', () => {
    const e = ev({ plateReads: [{ target: 'truck', plate: '24C12345', confidence: 0.99 }] });
    expect(screenGateEvent(gateIn, trip, e)).toEqual({ ...gateIn, evidence: e });
    expect(screenGateEvent(gateIn, trip, undefined)).toBe(gateIn);
  });

  it('turns a mismatching gate-in into an exception that validates', () => {
    const out = screenGateEvent(gateIn, trip, ev({ plateReads: [{ target: 'truck', plate: '29C99999', confidence: 0.99 }] }));
    expect(out.type).toBe('exception');
    if (out.type !== 'exception') return;
    expect(out.attempted).toBe('gate_in');
    expect(out.mismatches.map((m) => m.rule)).toEqual(['plate_mismatch']);
    expect(ZGateEventMessageSchema.parse(out)).toEqual(out);
  });
});
