/**
 * Gate devices (issue 17): ANPR cameras at the yard entrance and at lanes push plate reads and
 * heartbeats to the device gateway with their own key (`X-Device-Key: bfv_<prefix>_<secret>`).
 *
 * Accepted formats (documented in docs/devices.md):
 * - generic JSON (`POST /v1/devices/events`): `plate_read` and `heartbeat`, below;
 * - Hikvision ISAPI ANPR event as JSON (`POST /v1/devices/events/hikvision`): `EventNotificationAlert`
 *   with `eventType: "ANPR"` and its `ANPR` object (licensePlate, confidenceLevel 0–100, laneNo,
 *   pictureInfoList); `licensePlate: "unknown"` is the camera's no-read;
 * - Hikvision ISAPI ANPR event as XML (`POST /v1/devices/events/hikvision-isapi`, application/xml): the
 *   same `EventNotificationAlert` as the camera's own XML, read into the JSON shape above;
 * - Dahua ITC traffic snapshot as JSON (`POST /v1/devices/events/dahua`): see ZDahuaTrafficEventSchema.
 * Where a device stands (gate, yard entrance or which lane) is its registration, never what it sends.
 */
import { z } from 'zod';
import { plainText } from './text.ts';
import { ZGateCodeSchema, ZIsoDateTimeSchema, ZLaneIdSchema, ZTripIdSchema } from './common.ts';
import { ZWeighbridgeReadingEventSchema } from './weighbridge.ts';

export const DEVICE_KEY_HEADER = 'x-device-key';
/**
 * `anpr` cameras push reads; a `weighbridge` pushes weighings; a `barrier` (the yard exit) and a lane
 * `signal` light take commands over MQTT and acknowledge them (gate-signals.ts).
 */
export const ZDeviceKindSchema = z.enum(['anpr', 'weighbridge', 'barrier', 'signal']);
export type DeviceKind = z.infer<typeof ZDeviceKindSchema>;
/**
 * `yard-entrance`: reads check trucks in (and the weighbridge weighs them); `lane`: reads confirm the
 * called truck reached its lane, its signal light calls it; `yard-exit`: the barrier trucks cross by.
 */
export const ZDevicePositionSchema = z.enum(['yard-entrance', 'lane', 'yard-exit']);
export type DevicePosition = z.infer<typeof ZDevicePositionSchema>;
/** Where each kind of device may stand: a barrier is the yard exit's, a signal light a lane's. */
export const DEVICE_POSITIONS: Record<DeviceKind, readonly DevicePosition[]> = {
  anpr: ['yard-entrance', 'lane'],
  weighbridge: ['yard-entrance'],
  barrier: ['yard-exit'],
  signal: ['lane'],
};

// ── registration (an admin) ──

export const ZCreateDeviceRequestSchema = z
  .object({
    gate: ZGateCodeSchema,
    name: plainText(z.string().trim().min(1, 'name is required').max(80, 'name must be at most 80 characters')),
    kind: ZDeviceKindSchema,
    position: ZDevicePositionSchema,
    /** The lane a lane camera watches; required for position `lane`, refused otherwise. */
    laneId: ZLaneIdSchema.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!DEVICE_POSITIONS[v.kind].includes(v.position)) {
      ctx.addIssue({
        code: 'custom',
        path: ['position'],
        message: `a ${v.kind} stands at ${DEVICE_POSITIONS[v.kind].join(' or ')}`,
        params: { rule: 'position_for_kind', kind: v.kind, positions: DEVICE_POSITIONS[v.kind].join(', ') },
      });
    }
    if ((v.position === 'lane') !== (v.laneId !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['laneId'],
        message: v.position === 'lane' ? 'a lane camera needs laneId' : 'only a lane camera has a laneId',
        params: { rule: 'lane_for_lane_position' },
      });
    }
  });
export type CreateDeviceRequest = z.infer<typeof ZCreateDeviceRequestSchema>;
export const ZDeviceIdParamsSchema = z.object({ deviceId: z.uuid('deviceId must be a device id (UUID)') }).strict();

export const ZDeviceSchema = z.object({
  id: z.string(),
  gate: z.string(),
  name: z.string(),
  kind: ZDeviceKindSchema,
  position: ZDevicePositionSchema,
  laneId: z.string().nullable(),
  /** Public part of the key, `bfv_<prefix>`. */
  prefix: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
});
export type Device = z.infer<typeof ZDeviceSchema>;
/** The answer of create: the only time the whole key (`bfv_<prefix>_<secret>`) is shown. */
export const ZIssuedDeviceSchema = ZDeviceSchema.extend({ key: z.string() });
export const ZDeviceListSchema = z.object({ devices: z.array(ZDeviceSchema) });

// ── what devices send ──

/** What a camera read: letters, digits, separators; full-width and Chinese characters allowed (云G…). */
const ZReadTextSchema = plainText(z.string().trim().max(20, 'plate must be at most 20 characters'));
/** An image the camera keeps (URL or its own storage path); never the image itself. */
const ZImageRefSchema = plainText(z.string().trim().min(1).max(512, 'imageRef must be at most 512 characters'));
/** The camera's own id of the event: a resend with the same id is recognised, not applied twice. */
const ZEventIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'eventId must be 1–64 characters of A–Z, a–z, 0–9, _ . : or -');

export const ZPlateReadEventSchema = z
  .object({
    type: z.literal('plate_read'),
    eventId: ZEventIdSchema,
    capturedAt: ZIsoDateTimeSchema,
    /** The plate as read; null or empty = no read (the camera saw a vehicle but no plate). */
    plate: ZReadTextSchema.nullable(),
    /** 0–1. */
    confidence: z.number().min(0, 'confidence must be 0–1').max(1, 'confidence must be 0–1'),
    imageRef: ZImageRefSchema.optional(),
    /** The lane the camera believes it watches; must be its registered lane when sent. */
    laneId: ZLaneIdSchema.optional(),
  })
  .strict();
export type PlateReadEvent = z.infer<typeof ZPlateReadEventSchema>;

export const ZHeartbeatEventSchema = z
  .object({
    type: z.literal('heartbeat'),
    at: ZIsoDateTimeSchema,
    /** Errors the device counted since its last heartbeat (lens, trigger, storage…). */
    errors: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict();
export type HeartbeatEvent = z.infer<typeof ZHeartbeatEventSchema>;

export const ZDeviceEventSchema = z.discriminatedUnion('type', [ZPlateReadEventSchema, ZHeartbeatEventSchema, ZWeighbridgeReadingEventSchema]);
export type DeviceEvent = z.infer<typeof ZDeviceEventSchema>;

/** Hikvision ISAPI `EventNotificationAlert` (JSON) for an ANPR event: only the fields the gateway uses are checked. */
export const ZHikvisionAnprEventSchema = z.object({
  eventType: z.literal('ANPR'),
  dateTime: ZIsoDateTimeSchema,
  channelID: z.number().int().min(0).max(1024).optional(),
  ANPR: z.object({
    /** `unknown` is Hikvision's no-read. */
    licensePlate: ZReadTextSchema,
    /** 0–100. */
    confidenceLevel: z.number().min(0, 'confidenceLevel must be 0–100').max(100, 'confidenceLevel must be 0–100'),
    laneNo: z.number().int().min(0).max(64).optional(),
    pictureInfoList: z.array(z.object({ fileName: ZImageRefSchema.optional(), pictureURL: ZImageRefSchema.optional() })).max(8).optional(),
  }),
  /** Hikvision sends a UUID per event; it plays the generic eventId's part. */
  UUID: ZEventIdSchema,
});
export type HikvisionAnprEvent = z.infer<typeof ZHikvisionAnprEventSchema>;

/**
 * Dahua ITC (ITSAPI) traffic snapshot, pushed as JSON (the camera's "NotificationInfo/TollgateInfo"
 * upload): `Picture.Plate` and `Picture.SnapInfo`; only the fields the gateway uses are checked.
 * `UTC` (+ `UTCMS`) dates the snapshot and, with the device, identifies it; `Confidence` is 0–100
 * (a read without one is doubtful); an empty plate or Dahua's `Unknown`/`无车牌` is a no-read.
 */
export const ZDahuaTrafficEventSchema = z.object({
  Picture: z.object({
    Plate: z.object({
      PlateNumber: ZReadTextSchema,
      Confidence: z.number().min(0, 'Confidence must be 0–100').max(100, 'Confidence must be 0–100').optional(),
      PlateColor: z.string().max(32).optional(),
    }),
    SnapInfo: z.object({
      DeviceID: z.string().max(64).optional(),
      /** Seconds since the epoch. */
      UTC: z.number().int('UTC must be whole seconds since 1970').min(0).max(32503680000),
      UTCMS: z.number().int().min(0).max(999).optional(),
    }),
    NormalPic: z.object({ PicName: ZImageRefSchema.optional() }).optional(),
  }),
});
export type DahuaTrafficEvent = z.infer<typeof ZDahuaTrafficEventSchema>;

/** What the gateway did with a read. */
export const ZDeviceOutcomeSchema = z.enum([
  'checked_in',
  'confirm_queued',
  'lane_confirmed',
  'wrong_truck',
  'no_read',
  'unmatched',
  'heartbeat',
  'duplicate',
  /** A weighing attached to its trip, within the legal limit. */
  'weighed',
  /** A weighing over the legal limit: the trip is on hold until an operator or an agency resolves it. */
  'overweight_hold',
  /**
   * The read is stored (the camera asked `Prefer: respond-async`); its gate command follows at once and
   * its outcome is written on the raw message, as for any read.
   */
  'queued',
]);
export type DeviceOutcome = z.infer<typeof ZDeviceOutcomeSchema>;
export const ZDeviceEventResultSchema = z.object({
  messageId: z.string(),
  outcome: ZDeviceOutcomeSchema,
  tripId: z.string().nullable(),
  confirmationId: z.string().nullable(),
});
export type DeviceEventResult = z.infer<typeof ZDeviceEventResultSchema>;

// ── the operators' confirmation queue ──

export const ZPlateCandidateTripSchema = z.object({
  tripId: z.string(),
  plate: z.string(),
  kind: z.enum(['exact', 'misread', 'typo']),
  distance: z.number(),
});
export type PlateCandidateTrip = z.infer<typeof ZPlateCandidateTripSchema>;
export const ZPlateConfirmationSchema = z.object({
  id: z.string(),
  gate: z.string(),
  deviceId: z.string(),
  readPlate: z.string().nullable(),
  confidence: z.number(),
  imageRef: z.string().nullable(),
  candidates: z.array(ZPlateCandidateTripSchema),
  status: z.enum(['pending', 'confirmed', 'dismissed']),
  tripId: z.string().nullable(),
  createdAt: z.string(),
});
export type PlateConfirmation = z.infer<typeof ZPlateConfirmationSchema>;
export const ZPlateConfirmationListSchema = z.object({ confirmations: z.array(ZPlateConfirmationSchema) });
export const ZPlateConfirmationParamsSchema = z
  .object({ gate: ZGateCodeSchema, confirmationId: z.uuid('confirmationId must be a confirmation id (UUID)') })
  .strict();
/** The operator's decision: this candidate trip is the truck (it checks in), or none of them is. */
export const ZDecidePlateConfirmationRequestSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('check_in'), tripId: ZTripIdSchema }).strict(),
  z.object({ decision: z.literal('dismiss') }).strict(),
]);
export type DecidePlateConfirmationRequest = z.infer<typeof ZDecidePlateConfirmationRequestSchema>;

// ── health and alerts ──

export const ZDeviceAlertSchema = z.object({
  id: z.string(),
  deviceId: z.string(),
  /** `no_ack`: a barrier or signal did not acknowledge a command after every retry (or refused it). */
  kind: z.enum(['wrong_truck', 'device_silent', 'no_ack']),
  detail: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type DeviceAlert = z.infer<typeof ZDeviceAlertSchema>;
export const ZDeviceHealthSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: ZDeviceKindSchema,
  position: ZDevicePositionSchema,
  laneId: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  /** No message for longer than the gate's silence limit (DEVICE_SILENT_AFTER_MS). */
  silent: z.boolean(),
  /** Plate reads in the last hour. */
  readsLastHour: z.number().int(),
  /** Of those, the share that went to a person (doubtful, several candidates, or no read). */
  doubtfulShare: z.number(),
  /** Rejected messages plus errors the device reported, in the last hour. */
  errorsLastHour: z.number().int(),
});
export type DeviceHealth = z.infer<typeof ZDeviceHealthSchema>;
export const ZGateDeviceHealthSchema = z.object({
  gate: z.string(),
  devices: z.array(ZDeviceHealthSchema),
  /** Open alerts, newest first. */
  alerts: z.array(ZDeviceAlertSchema),
});
export type GateDeviceHealth = z.infer<typeof ZGateDeviceHealthSchema>;
