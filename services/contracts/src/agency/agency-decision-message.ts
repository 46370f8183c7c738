/**
 * AgencyDecisionMessage (inbound, kind `agency_decision`): what customs,
 * quarantine, the border guard or the far-side gate decided about one
 * declaration. The declaration is named by its key (first 11 digits) and its
 * amendment version (the 12th digit); a receiver never lets an older amendment
 * override a newer one (see `compareDecisionVersion`).
 */
import { z } from 'zod';
import { plainText } from '../text.ts';
import { ZAgencySchema } from '../common.ts';
import { ZChannelSchema } from '../domain.ts';
import { ZInspectionModeSchema, channelFromCode } from '../agency-decision.ts';
import { uniqueBy } from '../refine-unique.ts';
import { ZEnvelopeSchema, ZVnDateTimeSchema } from './envelope.ts';

export const DECISION_STATUSES = [
  'registered',
  'channel_assigned',
  'documents_required',
  'inspection_required',
  'released',
  'cleared',
  'cancelled',
  'manual',
] as const;
/**
 * registered: declaration accepted, no channel yet; channel_assigned: "phân luồng" done;
 * documents_required / inspection_required: the channel's checks are due; released: goods may
 * leave the control area (may still owe duties); cleared: fully cleared; cancelled: declaration
 * withdrawn; manual: the agency's system cannot decide, an officer must (BorderFlow keeps the
 * truck at documents).
 */
export const ZDecisionStatusSchema = z.enum(DECISION_STATUSES);
export type DecisionStatus = z.infer<typeof ZDecisionStatusSchema>;

/** The first 11 digits of a VNACCS declaration number. */
export const ZDeclarationKeySchema = z
  .string()
  .regex(/^\d{11}$/, 'declarationKey must be the first 11 digits of the declaration number, e.g. 30512345678');

/**
 * A channel as sent (`code`, upper-cased, e.g. '3D') and as BorderFlow reads it
 * (`color`). The two must agree (rule `channel_mismatch`).
 */
export const ZDecisionChannelSchema = z
  .object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .refine((c) => channelFromCode(c) !== null, {
        message: 'channel.code must be 1 (green), 2 (yellow) or 3 (red), optionally followed by a letter, e.g. 3D',
        params: { rule: 'channel_code' },
      }),
    color: ZChannelSchema,
  })
  .strict()
  .superRefine((c, ctx) => {
    const expected = channelFromCode(c.code);
    if (expected !== null && expected !== c.color) {
      ctx.addIssue({
        code: 'custom',
        path: ['color'],
        message: `channel.color must be ${expected} for code ${c.code}`,
        params: { rule: 'channel_mismatch' },
      });
    }
  });
export type DecisionChannel = z.infer<typeof ZDecisionChannelSchema>;

/**
 * Builds a channel from a raw code; null when the code is not a VNACCS channel.
 *
 * @example
 * decisionChannel('3d'); // { code: '3D', color: 'red' }
 */
export function decisionChannel(raw: string): DecisionChannel | null {
  const code = raw.trim().toUpperCase();
  const color = channelFromCode(code);
  return color === null ? null : { code, color };
}

/** A hold placed or released by the agency; `holdId` pairs a release with its placement. */
export const ZDecisionHoldSchema = z
  .object({
    action: z.enum(['place', 'release']),
    holdId: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'holdId must be 1–64 letters, digits, ., _, : or -'),
    reason: plainText(z.string().trim().min(1, 'reason is required').max(200)),
  })
  .strict();
export type DecisionHold = z.infer<typeof ZDecisionHoldSchema>;

/**
 * The decision payload.
 *
 * @example
 * ZAgencyDecisionMessageSchema.parse({
 *   agency: 'customs', declarationKey: '30512345678', amendment: 1, status: 'channel_assigned',
 *   decidedAt: '2025-06-01T08:40:00+07:00', channel: { code: '3D', color: 'red' },
 *   inspectionModes: ['xray'], holds: [],
 * });
 */
export const ZAgencyDecisionMessageSchema = z
  .object({
    agency: ZAgencySchema,
    declarationKey: ZDeclarationKeySchema,
    /** The 12th digit of the declaration number: 0 = original, 1–9 = amendments. */
    amendment: z.number().int('amendment must be a whole number').min(0, 'amendment must be 0–9').max(9, 'amendment must be 0–9'),
    status: ZDecisionStatusSchema,
    decidedAt: ZVnDateTimeSchema,
    /** null when this decision does not (re)assign a channel, e.g. a quarantine hold. */
    channel: ZDecisionChannelSchema.nullable(),
    inspectionModes: z.array(ZInspectionModeSchema).max(4).superRefine(uniqueBy((m: string) => m, 'inspection mode')),
    holds: z.array(ZDecisionHoldSchema).max(10),
    /** The agency's own reference for this decision (e.g. a VNACCS message number). */
    reference: plainText(z.string().trim().min(1).max(64)).optional(),
    note: plainText(z.string().trim().max(500), { multiline: true }).optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.status === 'channel_assigned' && d.channel === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['channel'],
        message: 'channel is required when status is channel_assigned',
        params: { rule: 'channel_required' },
      });
    }
  });
export type AgencyDecisionMessage = z.infer<typeof ZAgencyDecisionMessageSchema>;
export type AgencyDecisionMessageInput = z.input<typeof ZAgencyDecisionMessageSchema>;

export const ZAgencyDecisionEnvelopeSchema = ZEnvelopeSchema(ZAgencyDecisionMessageSchema, 'agency_decision');
export type AgencyDecisionEnvelope = z.infer<typeof ZAgencyDecisionEnvelopeSchema>;

/**
 * Orders two decisions about the same declaration by amendment version:
 * negative when `a` is older than `b`. Receivers drop a decision older than
 * the newest one they applied ("an older version never overrides a newer one");
 * equal versions are both applied (several decisions per amendment are normal:
 * channel, then release).
 *
 * @example
 * compareDecisionVersion({ amendment: 0 }, { amendment: 2 }); // < 0: the first is stale
 */
export function compareDecisionVersion(a: Pick<AgencyDecisionMessage, 'amendment'>, b: Pick<AgencyDecisionMessage, 'amendment'>): number {
  return a.amendment - b.amendment;
}

/**
 * The full 12-digit declaration number of a decision (key + amendment digit),
 * the form the API's `applyAgencyDecision` takes.
 *
 * @example
 * decisionDeclarationNumber({ declarationKey: '30512345678', amendment: 1 }); // '305123456781'
 */
export function decisionDeclarationNumber(d: Pick<AgencyDecisionMessage, 'declarationKey' | 'amendment'>): string {
  return `${d.declarationKey}${d.amendment}`;
}
