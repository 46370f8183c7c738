/**
 * Vehicles belong to companies. A plate first registered by one company can be
 * used by another only while the owner authorises it; an administrator
 * resolves a disputed plate by reassigning it.
 */
import { z } from 'zod';
import { ZTaxCodeSchema } from './identifiers/tax-code.ts';
import { ZPlateSchema } from './identifiers/plate.ts';

/** Path parameters of /v1/vehicles/:plate… */
export const ZVehiclePlateParamsSchema = z.object({ plate: ZPlateSchema }).strict();

/** …/authorisations/:taxCode */
export const ZVehicleGranteeParamsSchema = z.object({ plate: ZPlateSchema, taxCode: ZTaxCodeSchema }).strict();

/**
 * POST /v1/vehicles/:plate/authorisations — the owner lets another company use the plate.
 *
 * @example
 * ZVehicleAuthoriseRequestSchema.parse({ companyTaxCode: '5300987650' });
 */
export const ZVehicleAuthoriseRequestSchema = z.object({ companyTaxCode: ZTaxCodeSchema }).strict();
export type VehicleAuthoriseRequest = z.infer<typeof ZVehicleAuthoriseRequestSchema>;

/**
 * POST /v1/vehicles/:plate/owner — an administrator resolves a disputed plate.
 *
 * @example
 * ZVehicleOwnerRequestSchema.parse({ companyTaxCode: '5300246814', reason: 'registration papers checked' });
 */
export const ZVehicleOwnerRequestSchema = z
  .object({
    companyTaxCode: ZTaxCodeSchema,
    reason: z.string().trim().min(1, 'reason is required').max(200),
  })
  .strict();
export type VehicleOwnerRequest = z.infer<typeof ZVehicleOwnerRequestSchema>;

export const ZVehicleViewSchema = z.object({
  plate: z.string(),
  plateDisplay: z.string(),
  kind: z.enum(['truck', 'trailer']),
  /** Tax code of the owning company; null while nobody has claimed the plate. */
  ownerTaxCode: z.string().nullable(),
  /** Tax codes of the companies the owner currently authorises. */
  authorised: z.array(z.string()),
});
export type VehicleView = z.infer<typeof ZVehicleViewSchema>;
