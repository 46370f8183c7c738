/**
 * The weighbridge at the yard entrance (issue 17): it pushes a weighing (gross mass, axles, the plate
 * its own camera read) to the device gateway with its device key, like a camera's read. A weighing
 * over the legal gross limit for the truck's axle configuration puts the trip on hold.
 */
import { z } from 'zod';
import { plainText } from './text.ts';
import { ZIsoDateTimeSchema } from './common.ts';

/** Rigid truck, or a tractor pulling a semitrailer (the limits differ for the same axle count). */
export const ZAxleCombinationSchema = z.enum(['rigid', 'semitrailer']);
export type AxleCombination = z.infer<typeof ZAxleCombinationSchema>;

export const ZWeighbridgeReadingEventSchema = z
  .object({
    type: z.literal('weighbridge_reading'),
    eventId: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'eventId must be 1–64 characters of A–Z, a–z, 0–9, _ . : or -'),
    capturedAt: ZIsoDateTimeSchema,
    /** The plate the weighbridge's own camera (or its operator) read; matched exactly against the gate's trips. */
    plate: plainText(z.string().trim().min(1, 'plate is required').max(20, 'plate must be at most 20 characters')),
    /** Gross mass in kilograms, as the scale settled. */
    grossKg: z.number().int('grossKg must be whole kilograms').min(500, 'grossKg must be 500–150000').max(150_000, 'grossKg must be 500–150000'),
    /** Axles counted on the scale (tractor and trailer together). */
    axles: z.number().int('axles must be a whole number').min(2, 'axles must be 2–12').max(12, 'axles must be 2–12'),
    combination: ZAxleCombinationSchema.default('rigid'),
  })
  .strict();
export type WeighbridgeReadingEvent = z.infer<typeof ZWeighbridgeReadingEventSchema>;

/**
 * Legal gross mass (kg) by axle count. Source: Circular 46/2015/TT-BGTVT of the Ministry of Transport
 * (Vietnam), Article 17 "Tổng trọng lượng của xe": rigid trucks with 2 axles 16 t, 3 axles 24 t,
 * 4 axles 30 t, 5 or more 34 t; tractor-semitrailers with 3 axles 26 t, 4 axles 34 t, 5 axles 40 t and
 * 6 or more 44 t. The circular lowers the 5+-axle semitrailer figure for a short kingpin-to-axle distance;
 * the weighbridge does not measure it, so the gate applies the common figures above and a person decides
 * a borderline case when resolving the hold.
 */
export const GROSS_LIMIT_KG: Record<AxleCombination, ReadonlyArray<readonly [axles: number, limitKg: number]>> = {
  rigid: [[2, 16_000], [3, 24_000], [4, 30_000], [5, 34_000]],
  semitrailer: [[2, 16_000], [3, 26_000], [4, 34_000], [5, 40_000], [6, 44_000]],
};

/**
 * The legal gross mass for a truck: the row of the largest axle count not above its own.
 *
 * @example
 * grossLimitKg(3, 'rigid'); // 24000
 * grossLimitKg(6, 'semitrailer'); // 44000
 */
export function grossLimitKg(axles: number, combination: AxleCombination): number {
  const rows = GROSS_LIMIT_KG[combination];
  let limit = rows[0]![1];
  for (const [n, kg] of rows) if (axles >= n) limit = kg;
  return limit;
}

/** A weighing as the trip, the board and the driver see it. */
export const ZWeighingSchema = z.object({
  id: z.string(),
  tripId: z.string(),
  plate: z.string(),
  grossKg: z.number().int(),
  axles: z.number().int(),
  combination: ZAxleCombinationSchema,
  limitKg: z.number().int(),
  overweight: z.boolean(),
  /** Overweight only: the hold is still on (no operator or agency has resolved it). */
  holdOpen: z.boolean(),
  weighedAt: z.string(),
});
export type Weighing = z.infer<typeof ZWeighingSchema>;
