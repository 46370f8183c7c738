/**
 * Evidence attached to a gate event: what the gate's sensors read (plate
 * cameras, container OCR, seal readers, the weighbridge), each read with the
 * sensor's confidence. Reads are kept raw: a misread is a finding to report
 * (see `checkEvidence`), not a malformed message.
 */
import { z } from 'zod';
import { plainText } from '../text.ts';

const confidence = z
  .number()
  .min(0, 'confidence must be between 0 and 1')
  .max(1, 'confidence must be between 0 and 1');
const rawRead = (what: string) => plainText(z.string().trim().min(1, `${what} read is empty`).max(24, `${what} read is longer than 24 characters`));
const sensorId = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'source must be 1–64 letters, digits, ., _, : or -');

export const ZPlateReadSchema = z
  .object({
    /** Which plate the camera looked at. */
    target: z.enum(['truck', 'trailer']),
    plate: rawRead('plate'),
    confidence,
    source: sensorId.optional(),
  })
  .strict();
export type PlateRead = z.infer<typeof ZPlateReadSchema>;

export const ZContainerReadSchema = z
  .object({ number: rawRead('container'), confidence, source: sensorId.optional() })
  .strict();
export type ContainerRead = z.infer<typeof ZContainerReadSchema>;

export const ZSealReadSchema = z
  .object({ containerNumber: rawRead('container'), seal: rawRead('seal'), confidence, source: sensorId.optional() })
  .strict();
export type SealRead = z.infer<typeof ZSealReadSchema>;

export const ZWeightReadingSchema = z
  .object({
    /** Whole vehicle (truck + trailer + load) as the weighbridge measured it. */
    grossKg: z.number().positive('grossKg must be more than 0').max(200_000, 'grossKg must be at most 200000'),
    source: sensorId.optional(),
  })
  .strict();
export type WeightReading = z.infer<typeof ZWeightReadingSchema>;

export const ZGateEvidenceSchema = z
  .object({
    plateReads: z.array(ZPlateReadSchema).max(20).default([]),
    containerReads: z.array(ZContainerReadSchema).max(40).default([]),
    sealReads: z.array(ZSealReadSchema).max(40).default([]),
    weight: ZWeightReadingSchema.nullable().default(null),
  })
  .strict();
export type GateEvidence = z.infer<typeof ZGateEvidenceSchema>;
export type GateEvidenceInput = z.input<typeof ZGateEvidenceSchema>;

export const EVIDENCE_MISMATCH_RULES = [
  'plate_mismatch',
  'plate_unconfirmed',
  'trailer_mismatch',
  'trailer_unconfirmed',
  'container_unexpected',
  'container_missing',
  'container_unconfirmed',
  'seal_mismatch',
  'weight_below_declared',
  'weight_above_declared',
] as const;

/** One way the evidence disagrees with the trip. `field` points into the evidence (e.g. `plateReads.0`). */
export const ZEvidenceMismatchSchema = z
  .object({
    rule: z.enum(EVIDENCE_MISMATCH_RULES),
    field: z.string().min(1).max(64),
    // Never '': absent values are null, so every wire format can tell the two apart.
    expected: z.string().min(1).max(64).nullable(),
    read: z.string().min(1).max(64).nullable(),
    confidence: confidence.nullable(),
    message: z.string().min(1).max(300),
  })
  .strict();
export type EvidenceMismatch = z.infer<typeof ZEvidenceMismatchSchema>;
export type EvidenceMismatchRule = EvidenceMismatch['rule'];
