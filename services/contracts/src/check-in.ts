/**
 * POST /v1/gates/:gate/check-ins — the operator (or plate camera) checks a truck
 * into the staging yard by plate or by the QR pass. Exactly one of the two:
 * both would be ambiguous when they disagree.
 */
import { z } from 'zod';
import { plainText } from './text.ts';
import { ZCommandIdSchema } from './common.ts';
import { ZPlateSchema } from './identifiers/plate.ts';

export const ZCheckInRequestSchema = z
  .object({
    plate: ZPlateSchema.optional(),
    qrToken: plainText(z.string().min(1).max(2048)).optional(),
    commandId: ZCommandIdSchema.optional(),
    /**
     * The operator has seen the cargo and confirms it is perishable. Counts only for cargo under a
     * perishable HS heading (PERISHABLE_HS_HEADINGS); audited as `trip.class-confirm`.
     */
    confirmPerishable: z.boolean().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const n = Number(v.plate !== undefined) + Number(v.qrToken !== undefined);
    if (n !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: n === 0 ? ['plate'] : ['qrToken'],
        message: 'send exactly one of plate or qrToken',
        params: { rule: 'exactly_one' },
      });
    }
  });
export type CheckInRequest = z.infer<typeof ZCheckInRequestSchema>;
