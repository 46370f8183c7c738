/**
 * A trip: one truck's planned crossing, registered by its driver before
 * arrival. Requests are strict (unknown fields rejected) and normalise every
 * identifier, so the database only ever holds canonical plates, container
 * numbers and codes.
 */
import { z } from 'zod';
import { ZWeighingSchema } from './weighbridge.ts';
import { ZOffsetTimeSchema } from './company-feed.ts';
import { plainText } from './text.ts';
import { ZIsoDateTimeSchema, ZGateCodeSchema } from './common.ts';
import {
  ZChannelSchema,
  ZDirectionSchema,
  ZPriorityClassSchema,
  ZStageSchema,
  ZTripStateSchema,
} from './domain.ts';
import { ZContainerNumberSchema } from './identifiers/container.ts';
import { ZDeclarationNumberSchema } from './identifiers/declaration.ts';
import { ZHsCodeSchema } from './identifiers/hs-code.ts';
import { ZPhoneSchema } from './identifiers/phone.ts';
import { ZPlateSchema, ZTrailerPlateSchema } from './identifiers/plate.ts';
import { uniqueBy } from './refine-unique.ts';
import { ZTripPrioritySchema } from './priority-source.ts';

// packages fits PostgreSQL's int4 with room to spare; grossKg is a road vehicle's, not a ship's.
export const TRIP_LIMITS = { cargo: 50, containers: 10, declarations: 20, seals: 10, packages: 1_000_000, grossKg: 200_000 } as const;

export const ZVehicleInputSchema = z
  .object({
    plate: ZPlateSchema,
    /** null = no trailer (lets a correction remove a trailer entered by mistake). */
    trailerPlate: ZTrailerPlateSchema.nullable().optional(),
  })
  .strict();
export type VehicleInput = z.infer<typeof ZVehicleInputSchema>;

export const ZDriverInputSchema = z
  .object({
    fullName: plainText(z.string().trim().min(1, 'fullName is required').max(120)),
    phone: ZPhoneSchema,
    licenseNo: plainText(z.string().trim().min(1).max(32)).optional(),
  })
  .strict();
export type DriverInput = z.infer<typeof ZDriverInputSchema>;

export const ZCargoItemInputSchema = z
  .object({
    description: plainText(z.string().trim().min(1, 'description is required').max(200)),
    hsCode: ZHsCodeSchema,
    packages: z.number().int('packages must be a whole number').positive('packages must be more than 0')
      .max(TRIP_LIMITS.packages, `packages must be at most ${TRIP_LIMITS.packages}`),
    grossKg: z.number().positive('grossKg must be more than 0').max(TRIP_LIMITS.grossKg, `grossKg must be at most ${TRIP_LIMITS.grossKg}`),
    /**
     * The driver's claim that the cargo is perishable. Kept and shown ("claimed, unconfirmed"), never
     * used for priority: the perishable class comes from the HS heading (PERISHABLE_HS_HEADINGS),
     * confirmed by quarantine or a gate operator at check-in.
     */
    perishable: z
      .boolean()
      .optional()
      .describe('Your claim that this cargo is perishable: shown as "claimed, unconfirmed", never used for priority. The perishable class comes from a perishable HS heading confirmed by quarantine or the gate operator.'),
    /** Plant or animal products: adds a quarantine stage. */
    plantOrAnimal: z.boolean().optional(),
  })
  .strict();
export type CargoItemInput = z.infer<typeof ZCargoItemInputSchema>;

export const ZContainerInputSchema = z
  .object({
    number: ZContainerNumberSchema,
    seals: z.array(plainText(z.string().trim().min(1).max(32))).max(TRIP_LIMITS.seals),
  })
  .strict();
export type ContainerInput = z.infer<typeof ZContainerInputSchema>;

const correctableShape = {
  vehicle: ZVehicleInputSchema,
  driver: ZDriverInputSchema,
  cargo: z.array(ZCargoItemInputSchema).max(TRIP_LIMITS.cargo),
  containers: z
    .array(ZContainerInputSchema)
    .max(TRIP_LIMITS.containers)
    .superRefine(uniqueBy((c: ContainerInput) => c.number, 'container', ['number'])),
  declarations: z
    .array(ZDeclarationNumberSchema)
    .max(TRIP_LIMITS.declarations)
    .superRefine(uniqueBy((d: string) => d.slice(0, 11), 'declaration')),
  expectedArrival: ZIsoDateTimeSchema,
  /**
   * The appointment the driver says they have; null/absent = none. Accepted and kept, but ignored for
   * the priority class and the queue score: only a slot the platform issued will count (slot booking).
   */
  appointmentAt: ZIsoDateTimeSchema.nullable()
    .optional()
    .describe('Kept, but ignored for the priority class and the queue order until the platform issues appointment slots itself.'),
};

/**
 * POST /v1/trips (driver).
 *
 * @example
 * ZCreateTripRequestSchema.parse({
 *   gateCode: 'KT', direction: 'exit',
 *   vehicle: { plate: '24C-123.45', trailerPlate: '24R-012.34' },
 *   driver: { fullName: 'Nguyễn Văn An', phone: '+84 912 345 678' },
 *   cargo: [{ description: 'Thanh long', hsCode: '0810.90.10', packages: 1200, grossKg: 18000, perishable: true, plantOrAnimal: true }],
 *   containers: [{ number: 'CSQU3054383', seals: ['VN123456'] }],
 *   declarations: ['305123456780'],
 *   expectedArrival: '2025-06-01T08:30:00+07:00',
 * });
 */
export const ZCreateTripRequestSchema = z
  .object({
    gateCode: ZGateCodeSchema,
    direction: ZDirectionSchema,
    ...correctableShape,
  })
  .strict();
export type CreateTripRequest = z.infer<typeof ZCreateTripRequestSchema>;
export type CreateTripRequestInput = z.input<typeof ZCreateTripRequestSchema>;

/** Fields a driver may correct until arrival (gate and direction are not: that is a new trip). */
export const CORRECTABLE_TRIP_FIELDS = Object.keys(correctableShape) as (keyof typeof correctableShape)[];

/**
 * PATCH /v1/trips/:tripId — only the fields being corrected, plus an optional
 * reason kept with the revision. At least one field must be present.
 *
 * @example
 * ZCorrectTripRequestSchema.parse({ vehicle: { plate: '24C-123.46' }, reason: 'typo in plate' });
 */
export const ZCorrectTripRequestSchema = z
  .object({
    vehicle: correctableShape.vehicle.optional(),
    driver: correctableShape.driver.optional(),
    cargo: correctableShape.cargo.optional(),
    containers: correctableShape.containers.optional(),
    declarations: correctableShape.declarations.optional(),
    expectedArrival: correctableShape.expectedArrival.optional(),
    appointmentAt: correctableShape.appointmentAt,
    reason: plainText(z.string().trim().min(1).max(200), { multiline: true }).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!CORRECTABLE_TRIP_FIELDS.some((k) => v[k] !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: `a correction must change at least one of: ${CORRECTABLE_TRIP_FIELDS.join(', ')}`,
        params: { rule: 'empty_correction' },
      });
    }
  });
export type CorrectTripRequest = z.infer<typeof ZCorrectTripRequestSchema>;

/** An expected call-up as durations (ms) from when the answer was made: most likely, and its 80 % band. */
export const ZEtaSchema = z.object({ expectedMs: z.number(), lowMs: z.number(), highMs: z.number() });
export type Eta = z.infer<typeof ZEtaSchema>;

/** Live part of a trip, from the scheduler (null when the trip is not live in Redis). */
export const ZTripLiveSchema = z.object({
  /** 1-based position in its current stage's queue; null when called/at a lane/held. */
  position: z.number().int().nullable(),
  eta: ZEtaSchema.nullable(),
  laneId: z.string().nullable(),
  /** When called: when the truck must be at its lane (RFC 3339, the gate's offset). */
  deadline: ZOffsetTimeSchema.nullable(),
});
export type TripLive = z.infer<typeof ZTripLiveSchema>;

/**
 * A trip as the API returns it. Response schemas strip unknown keys instead
 * of rejecting them, so `ZTripSchema.parse(row)` also drops internal fields.
 */
export const ZTripSchema = z.object({
  id: z.string(),
  gateCode: z.string(),
  direction: ZDirectionSchema,
  state: ZTripStateSchema,
  priorityClass: ZPriorityClassSchema,
  /** The class with where it came from, and what the driver claimed (unconfirmed claims do not count). */
  priority: ZTripPrioritySchema,
  vehicle: z.object({ plate: z.string(), trailerPlate: z.string().nullable() }),
  driver: z.object({ fullName: z.string(), phone: z.string(), licenseNo: z.string().nullable() }),
  cargo: z.array(
    z.object({
      description: z.string(),
      hsCode: z.string(),
      packages: z.number().int(),
      grossKg: z.number(),
      perishable: z.boolean(),
      plantOrAnimal: z.boolean(),
    }),
  ),
  containers: z.array(z.object({ number: z.string(), seals: z.array(z.string()) })),
  declarations: z.array(z.string()),
  expectedArrival: z.string(),
  appointmentAt: z.string().nullable(),
  channel: ZChannelSchema.nullable(),
  stages: z.array(ZStageSchema),
  stageIndex: z.number().int(),
  laneId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** How many corrections were made (every one is kept). */
  revisions: z.number().int(),
  live: ZTripLiveSchema.nullable(),
  /**
   * The weighbridge's latest weighing of the truck at this gate (the single-trip read only): an overweight
   * one with `holdOpen` is why the truck is held.
   */
  weighing: ZWeighingSchema.optional(),
});
export type Trip = z.infer<typeof ZTripSchema>;

/** One page of trips; `nextCursor` (null on the last page) is the `cursor` of the next. */
export const ZTripListResponseSchema = z.object({ trips: z.array(ZTripSchema), nextCursor: z.string().nullable().optional() });
export type TripListResponse = z.infer<typeof ZTripListResponseSchema>;

/** GET /v1/trips/:tripId/pass */
export const ZTripPassResponseSchema = z.object({ qrToken: z.string(), svg: z.string() });
export type TripPassResponse = z.infer<typeof ZTripPassResponseSchema>;
