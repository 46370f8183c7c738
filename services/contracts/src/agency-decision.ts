/**
 * POST /v1/internal/agency-decisions — what customs, quarantine, the border
 * guard or the far-side gate decided about a declaration: a channel (VNACCS
 * "phân luồng"), inspection modes, a hold placed or released. What each agency
 * may decide is in trust/agency-powers.ts.
 */
import { z } from 'zod';
import { plainText } from './text.ts';
import { ZAgencySchema } from './common.ts';
import type { Channel } from './domain.ts';
import { ZDeclarationNumberSchema } from './identifiers/declaration.ts';

export const ZInspectionModeSchema = z.enum(['documents', 'xray', 'physical', 'quarantine']);
export type InspectionMode = z.infer<typeof ZInspectionModeSchema>;

/**
 * Maps a raw VNACCS channel code to a channel: the leading digit decides
 * (1 green, 2 yellow, 3 red); suffixes like "3D" are kept raw elsewhere.
 * Returns null for anything else.
 *
 * @example
 * channelFromCode('1');  // 'green'
 * channelFromCode('3D'); // 'red'
 * channelFromCode('9');  // null
 */
export function channelFromCode(raw: string): Channel | null {
  const m = /^([123])[A-Z]?$/.exec(raw.trim().toUpperCase());
  if (!m) return null;
  return m[1] === '1' ? 'green' : m[1] === '2' ? 'yellow' : 'red';
}

export const ZHoldActionSchema = z
  .object({
    action: z.enum(['place', 'release']),
    reason: plainText(z.string().trim().min(1, 'reason is required').max(200)),
  })
  .strict();
export type HoldAction = z.infer<typeof ZHoldActionSchema>;

export const ZAgencyDecisionRequestSchema = z
  .object({
    declarationNumber: ZDeclarationNumberSchema,
    /** Raw channel code, kept as sent (upper-cased): "1", "2", "3", "3D"… Customs only; absent for a hold or an inspection. */
    channelCode: z
      .string()
      .trim()
      .toUpperCase()
      .refine((c) => channelFromCode(c) !== null, {
        message: 'channelCode must be 1 (green), 2 (yellow) or 3 (red), optionally followed by a letter, e.g. 3D',
        params: { rule: 'channel_code' },
      })
      .optional(),
    inspectionModes: z.array(ZInspectionModeSchema).max(4).optional(),
    hold: ZHoldActionSchema.optional(),
    /**
     * The caller's agency is the agency of the decision (from the account, never the body); when
     * given it must name the caller's own agency, else 403.
     */
    agency: ZAgencySchema.optional(),
    /** Why: required when the decision lowers a channel (red → yellow or green…); audited. */
    reason: z.string().trim().min(1, 'reason must not be empty').max(500).optional(),
  })
  .strict();
export type AgencyDecisionRequest = z.infer<typeof ZAgencyDecisionRequestSchema>;
