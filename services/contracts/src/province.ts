/**
 * The province's data platform (LGSP / IOC, issue 17 item 3): what leaves BorderFlow for it, by pull
 * (`/v1/province/...` with a data-consumer key), by signed push and in the daily open-data dumps.
 *
 * No personal data leaves the platform. A vehicle is named only by `vehicleRef` = HMAC-SHA256 of its
 * normalised plate under a per-deployment secret (kept like the JWT secret, `PROVINCE_PSEUDONYM_SECRET`)
 * and the gate-local year: the key rotates every 1 January, so a vehicle cannot be followed across years.
 * A trip is `tripRef`, likewise keyed. Never names, phones, licence numbers, driver/company/user ids,
 * declaration numbers, raw plates or free-text reasons. The schemas are strict so a field added by mistake
 * fails validation (and the contract test) instead of leaking.
 */
import { z } from 'zod';
import { ZDirectionSchema, ZPriorityClassSchema, ZStageSchema, ZTripStateSchema } from './domain.ts';
import { ZGateEventTypeSchema } from './gate-event.ts';
import { ZCursorParamSchema, ZInstantSchema } from './list-query.ts';

/** The licence of everything the feed and the dumps publish (attribution: the gate operator). */
export const PROVINCE_LICENCE = {
  id: 'CC-BY-4.0',
  name: 'Creative Commons Attribution 4.0 International',
  url: 'https://creativecommons.org/licenses/by/4.0/',
} as const;
export const ZProvinceLicenceSchema = z.object({ id: z.literal('CC-BY-4.0'), name: z.string(), url: z.string() }).strict();

/** The gates' time zone: hours are the gate's clock hours, every time carries its offset. */
export const PROVINCE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** 64 lower-case hex characters: an HMAC-SHA256. */
const ZPseudonymSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex characters (HMAC-SHA256)');
/** RFC 3339 with the gate's offset, e.g. 2026-12-06T08:00:00.000+07:00. */
const ZGateTimeSchema = z.iso.datetime({ offset: true });

/** One clock hour × direction × priority class of one gate. */
export const ZProvinceHourlyRowSchema = z
  .object({
    /** Start of the gate's clock hour. */
    hour: ZGateTimeSchema,
    direction: ZDirectionSchema,
    priorityClass: ZPriorityClassSchema,
    /** Trucks that crossed the border in the hour. */
    crossed: z.number().int().nonnegative(),
    /** Trucks called to a lane in the hour. */
    called: z.number().int().nonnegative(),
    /** Median / 90th percentile wait (queued → called) of the hour's call-ups, minutes; null without any. */
    waitMinP50: z.number().nonnegative().nullable(),
    waitMinP90: z.number().nonnegative().nullable(),
    /** Trucks waiting (queued, called, held or in the exit queue) at the end of the hour. */
    queueAtHourEnd: z.number().int().nonnegative(),
  })
  .strict();
export type ProvinceHourlyRow = z.infer<typeof ZProvinceHourlyRowSchema>;

export const ZProvinceHourlyStatsSchema = z
  .object({
    gate: z.string(),
    timeZone: z.literal(PROVINCE_TIME_ZONE),
    from: ZGateTimeSchema,
    to: ZGateTimeSchema,
    licence: ZProvinceLicenceSchema,
    hours: z.array(ZProvinceHourlyRowSchema),
  })
  .strict();
export type ProvinceHourlyStats = z.infer<typeof ZProvinceHourlyStatsSchema>;

/** One anonymised event of a trip at the gate. */
export const ZProvinceTripEventSchema = z
  .object({
    /** `<gate>:<seq>`: unique and stable, for de-duplication of pulls and pushes. */
    id: z.string(),
    seq: z.number().int().positive(),
    type: ZGateEventTypeSchema,
    at: ZGateTimeSchema,
    gate: z.string(),
    direction: ZDirectionSchema,
    priorityClass: ZPriorityClassSchema,
    /** The trip's state after the event. */
    state: ZTripStateSchema,
    stage: ZStageSchema.nullable(),
    lane: z.string().nullable(),
    /** HMAC-SHA256(normalised plate) under this year's pseudonym key. */
    vehicleRef: ZPseudonymSchema,
    /** HMAC-SHA256(trip id) under this year's pseudonym key: follows one trip, names nobody. */
    tripRef: ZPseudonymSchema,
  })
  .strict();
export type ProvinceTripEvent = z.infer<typeof ZProvinceTripEventSchema>;

export const ZProvinceEventPageSchema = z
  .object({
    events: z.array(ZProvinceTripEventSchema),
    /** Where the next poll resumes; always present (events keep coming), like `updatedSince` sync of trips. */
    nextCursor: z.string().nullable(),
    licence: ZProvinceLicenceSchema,
  })
  .strict();
export type ProvinceEventPage = z.infer<typeof ZProvinceEventPageSchema>;

export const ZProvinceHourlyQuerySchema = z.object({ from: ZInstantSchema, to: ZInstantSchema }).strict();

export const ZProvinceEventsQuerySchema = z
  .object({
    cursor: ZCursorParamSchema.optional(),
    limit: z.coerce.number().int('limit must be a whole number').min(1, 'limit must be at least 1').max(500, 'limit must be at most 500').default(100),
    /** Only events at or after this time. */
    updatedSince: ZInstantSchema.optional(),
  })
  .strict();

/** The open-data dump's dictionary: every published field, its type, unit and meaning in English and Vietnamese. */
export interface DataDictionaryField {
  name: string;
  type: 'string' | 'integer' | 'number' | 'datetime';
  unit: string | null;
  nullable: boolean;
  description: { en: string; vi: string };
}

const field = (name: string, type: DataDictionaryField['type'], unit: string | null, en: string, vi: string, nullable = false): DataDictionaryField => ({
  name,
  type,
  unit,
  nullable,
  description: { en, vi },
});

/** Fields of `hours` rows (the CSV columns, after `gate`). */
export const PROVINCE_HOURLY_FIELDS: readonly DataDictionaryField[] = [
  field('gate', 'string', null, 'Border gate code', 'Mã cửa khẩu'),
  field('hour', 'datetime', null, "Start of the gate's clock hour, RFC 3339 with offset (+07:00)", 'Đầu giờ theo giờ cửa khẩu, RFC 3339 có múi giờ (+07:00)'),
  field('direction', 'string', null, 'exit (Vietnam → China) or entry (China → Vietnam)', 'exit (xuất cảnh sang Trung Quốc) hoặc entry (nhập cảnh vào Việt Nam)'),
  field('priorityClass', 'string', null, 'Priority class: perishable, trusted, ordinary, empty_return', 'Nhóm ưu tiên: perishable (hàng tươi sống), trusted (doanh nghiệp ưu tiên), ordinary (thông thường), empty_return (xe rỗng quay về)'),
  field('crossed', 'integer', 'trucks', 'Trucks that crossed the border in the hour', 'Số xe đã qua biên giới trong giờ'),
  field('called', 'integer', 'trucks', 'Trucks called to an inspection lane in the hour', 'Số xe được gọi vào làn kiểm tra trong giờ'),
  field('waitMinP50', 'number', 'minutes', 'Median wait from queued to called of the call-ups in the hour', 'Thời gian chờ trung vị từ khi xếp hàng đến khi được gọi', true),
  field('waitMinP90', 'number', 'minutes', '90th percentile wait from queued to called', 'Thời gian chờ phân vị 90 từ khi xếp hàng đến khi được gọi', true),
  field('queueAtHourEnd', 'integer', 'trucks', 'Trucks waiting (queued, called, held, exit queue) at the end of the hour', 'Số xe đang chờ (xếp hàng, được gọi, bị tạm giữ, chờ xuất) cuối giờ'),
];

/** Fields of trip events. */
export const PROVINCE_EVENT_FIELDS: readonly DataDictionaryField[] = [
  field('id', 'string', null, 'Event id <gate>:<seq>, unique', 'Mã sự kiện <cửa khẩu>:<số thứ tự>, duy nhất'),
  field('seq', 'integer', null, "Gate-wide sequence number of the event", 'Số thứ tự sự kiện của cửa khẩu'),
  field('type', 'string', null, 'Event type (trip_arrived, trip_called, trip_crossed, …)', 'Loại sự kiện (trip_arrived, trip_called, trip_crossed, …)'),
  field('at', 'datetime', null, "Time of the event, RFC 3339 with the gate's offset", 'Thời điểm sự kiện, RFC 3339 theo giờ cửa khẩu'),
  field('gate', 'string', null, 'Border gate code', 'Mã cửa khẩu'),
  field('direction', 'string', null, 'exit or entry', 'exit (xuất) hoặc entry (nhập)'),
  field('priorityClass', 'string', null, 'Priority class of the trip', 'Nhóm ưu tiên của chuyến'),
  field('state', 'string', null, "The trip's state after the event", 'Trạng thái chuyến sau sự kiện'),
  field('stage', 'string', null, 'Inspection stage (gate, documents, xray, physical, quarantine, weighbridge)', 'Khâu kiểm tra (gate, documents, xray, physical, quarantine, weighbridge)', true),
  field('lane', 'string', null, 'Lane code', 'Mã làn', true),
  field('vehicleRef', 'string', null, 'Pseudonymous vehicle id: HMAC-SHA256 of the plate with a secret key rotated every year; not reversible', 'Mã xe ẩn danh: HMAC-SHA256 của biển số với khoá bí mật đổi hằng năm; không thể đảo ngược'),
  field('tripRef', 'string', null, 'Pseudonymous trip id (HMAC-SHA256, same yearly key)', 'Mã chuyến ẩn danh (HMAC-SHA256, cùng khoá năm)'),
];

export const ZDataDictionaryFieldSchema = z
  .object({
    name: z.string(),
    type: z.enum(['string', 'integer', 'number', 'datetime']),
    unit: z.string().nullable(),
    nullable: z.boolean(),
    description: z.object({ en: z.string().min(1), vi: z.string().min(1) }).strict(),
  })
  .strict();

// ── data-consumer keys (created by an admin; the province's systems call with them) ──

export const ZCreateDataConsumerRequestSchema = z
  .object({ name: z.string().trim().min(1, 'name is required').max(80, 'name must be at most 80 characters') })
  .strict();
export const ZDataConsumerIdParamsSchema = z.object({ consumerId: z.uuid('consumerId must be a data consumer id (UUID)') }).strict();

export const ZDataConsumerSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Public part of the key, `bfd_<prefix>`. */
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type DataConsumer = z.infer<typeof ZDataConsumerSchema>;
/** The answer of create: the only time the whole key (`bfd_<prefix>_<secret>`) is shown. */
export const ZIssuedDataConsumerSchema = ZDataConsumerSchema.extend({ key: z.string() });
export const ZDataConsumerListSchema = z.object({ consumers: z.array(ZDataConsumerSchema) });
