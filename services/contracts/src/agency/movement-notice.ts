/**
 * MovementNotice (outbound, kind `movement_notice`): tells customs and the
 * other agencies that one truck trip is coming and which declarations it
 * carries, so they can pre-assess risk and assign a channel before the truck
 * reaches the barrier. A corrected trip is re-sent with a higher `revision`
 * and purpose `replace`; a cancelled trip with purpose `cancel`.
 */
import { z } from 'zod';
import { ZTripIdSchema } from '../common.ts';
import { ZDirectionSchema } from '../domain.ts';
import { ZCnCreditCodeSchema } from '../identifiers/cn-credit-code.ts';
import { declarationKey, ZDeclarationNumberSchema } from '../identifiers/declaration.ts';
import { plateCountry, ZPlateSchema, ZTrailerPlateSchema } from '../identifiers/plate.ts';
import { ZTaxCodeSchema } from '../identifiers/tax-code.ts';
import { uniqueBy } from '../refine-unique.ts';
import {
  TRIP_LIMITS,
  ZCargoItemInputSchema,
  ZContainerInputSchema,
  ZDriverInputSchema,
  type ContainerInput,
} from '../trip.ts';
import { ZEnvelopeSchema, ZVnDateTimeSchema } from './envelope.ts';

/** The two sides of this border; third-country trucks do not cross at Kim Thành. */
export const ZBorderCountrySchema = z.enum(['VN', 'CN']);
export type BorderCountry = z.infer<typeof ZBorderCountrySchema>;

/**
 * VNACCS type of import/export ("mã loại hình"): a letter for the regime
 * (A import, B export, C bonded/warehouse, E processing and export production,
 * G temporary import/export, H other) and two digits, e.g. B11 (export for
 * trade), A12, E31, G61.
 */
export const ZTradeTypeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[ABCEGH]\d{2}$/, 'tradeType must be a VNACCS type code: A, B, C, E, G or H + 2 digits, e.g. B11');

/** VNACCS customs office code ("mã hải quan"): 2-digit province/department + 2 letters/digits, e.g. 13BB. */
export const ZCustomsOfficeCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^\d{2}[A-Z0-9]{2}$/, 'customsOffice must be 2 digits + 2 letters/digits, e.g. 13BB');

export const ZNoticeVehicleSchema = z
  .object({ plate: ZPlateSchema, nationality: ZBorderCountrySchema })
  .strict()
  .superRefine((v, ctx) => {
    const country = plateCountry(v.plate);
    if (country !== null && country !== v.nationality) {
      ctx.addIssue({
        code: 'custom',
        path: ['nationality'],
        message: `nationality ${v.nationality} does not match a ${country} plate`,
        params: { rule: 'plate_nationality' },
      });
    }
  });
export type NoticeVehicle = z.infer<typeof ZNoticeVehicleSchema>;

export const ZNoticeTrailerSchema = z.object({ plate: ZTrailerPlateSchema }).strict();
export type NoticeTrailer = z.infer<typeof ZNoticeTrailerSchema>;

/** The driver as on the trip, plus what a border check needs to identify them. */
export const ZNoticeDriverSchema = ZDriverInputSchema.extend({
  nationality: ZBorderCountrySchema.optional(),
  /** Passport or border pass number. */
  idDocumentNo: z.string().trim().min(1).max(32).optional(),
}).strict();
export type NoticeDriver = z.infer<typeof ZNoticeDriverSchema>;

export const ZNoticeDeclarationSchema = z
  .object({
    /** Full 12-digit number: the first 11 identify the declaration, the 12th counts amendments. */
    number: ZDeclarationNumberSchema,
    tradeType: ZTradeTypeSchema,
    customsOffice: ZCustomsOfficeCodeSchema,
  })
  .strict();
export type NoticeDeclaration = z.infer<typeof ZNoticeDeclarationSchema>;

export const ZPartyRoleSchema = z.enum(['exporter', 'importer', 'declarant', 'carrier']);
export type PartyRole = z.infer<typeof ZPartyRoleSchema>;

const partyBase = { role: ZPartyRoleSchema, name: z.string().trim().min(1, 'name is required').max(200) };

/**
 * A party and its tax id: a Vietnamese MST (10 or 13 digits, mod-11 check) or
 * a Chinese unified social credit code (18 characters, mod-31 check).
 */
export const ZNoticePartySchema = z.discriminatedUnion('country', [
  z.object({ ...partyBase, country: z.literal('VN'), taxId: ZTaxCodeSchema }).strict(),
  z.object({ ...partyBase, country: z.literal('CN'), taxId: ZCnCreditCodeSchema }).strict(),
]);
export type NoticeParty = z.infer<typeof ZNoticePartySchema>;

/** A cargo line as on the trip; optionally tied to the declaration it is declared on. */
export const ZNoticeCargoItemSchema = ZCargoItemInputSchema.extend({
  declarationNumber: ZDeclarationNumberSchema.optional(),
  /** UN/ECE Recommendation 21 package type, e.g. CT (carton), PK (package), BG (bag). */
  packageType: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{2}$/, 'packageType must be a 2-character UN/ECE Rec. 21 code, e.g. CT').optional(),
}).strict();
export type NoticeCargoItem = z.infer<typeof ZNoticeCargoItemSchema>;

/** original = first notice of the trip; replace = corrected trip; cancel = trip withdrawn. */
export const ZNoticePurposeSchema = z.enum(['original', 'replace', 'cancel']);
export type NoticePurpose = z.infer<typeof ZNoticePurposeSchema>;

/**
 * The movement notice payload.
 *
 * @example
 * ZMovementNoticeSchema.parse({
 *   tripId: 'trip_1', purpose: 'original', revision: 0, direction: 'exit',
 *   expectedArrivalAt: '2025-06-01T08:30:00+07:00',
 *   vehicle: { plate: '24C-123.45', nationality: 'VN' }, trailer: { plate: '24R-012.34' },
 *   driver: { fullName: 'Nguyễn Văn An', phone: '+84 912 345 678' },
 *   containers: [{ number: 'CSQU3054383', seals: ['VN123456'] }],
 *   declarations: [{ number: '305123456780', tradeType: 'B11', customsOffice: '13BB' }],
 *   parties: [{ role: 'exporter', country: 'VN', name: 'Công ty TNHH Nông sản Lào Cai', taxId: '0100109106' }],
 *   cargo: [{ description: 'Thanh long', hsCode: '0810.90.10', packages: 1200, grossKg: 18000 }],
 * });
 */
export const ZMovementNoticeSchema = z
  .object({
    tripId: ZTripIdSchema,
    purpose: ZNoticePurposeSchema,
    /** Trip revision (corrections so far): a receiver keeps the highest. */
    revision: z.number().int('revision must be a whole number').min(0, 'revision must be 0 or more'),
    direction: ZDirectionSchema,
    expectedArrivalAt: ZVnDateTimeSchema,
    vehicle: ZNoticeVehicleSchema,
    trailer: ZNoticeTrailerSchema.nullable(),
    driver: ZNoticeDriverSchema,
    containers: z
      .array(ZContainerInputSchema)
      .max(TRIP_LIMITS.containers)
      .superRefine(uniqueBy((c: ContainerInput) => c.number, 'container', ['number'])),
    declarations: z
      .array(ZNoticeDeclarationSchema)
      .max(TRIP_LIMITS.declarations)
      .superRefine(uniqueBy((d: NoticeDeclaration) => declarationKey(d.number), 'declaration', ['number'])),
    parties: z.array(ZNoticePartySchema).max(10),
    cargo: z.array(ZNoticeCargoItemSchema).max(TRIP_LIMITS.cargo),
  })
  .strict()
  .superRefine((n, ctx) => {
    // A cargo line may only point at a declaration this notice carries.
    const keys = new Set(n.declarations.map((d) => declarationKey(d.number)));
    n.cargo.forEach((item, i) => {
      if (item.declarationNumber !== undefined && !keys.has(declarationKey(item.declarationNumber))) {
        ctx.addIssue({
          code: 'custom',
          path: ['cargo', i, 'declarationNumber'],
          message: `declaration ${item.declarationNumber} is not among this notice's declarations`,
          params: { rule: 'unknown_declaration' },
        });
      }
    });
  });
export type MovementNotice = z.infer<typeof ZMovementNoticeSchema>;
export type MovementNoticeInput = z.input<typeof ZMovementNoticeSchema>;

export const ZMovementNoticeEnvelopeSchema = ZEnvelopeSchema(ZMovementNoticeSchema, 'movement_notice');
export type MovementNoticeEnvelope = z.infer<typeof ZMovementNoticeEnvelopeSchema>;
