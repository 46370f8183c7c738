/**
 * The pre-registration form as plain strings (what inputs hold), and its conversion to the
 * API's request — validated by the very schemas the API uses (ZCreateTripRequestSchema,
 * ZCorrectTripRequestSchema), so a form that passes here passes there.
 */
import {
  ZCorrectTripRequestSchema,
  ZCreateTripRequestSchema,
  type CorrectTripRequest,
  type CreateTripRequest,
  type Direction,
  type Trip,
} from '@borderflow/contracts';
import type { z } from 'zod';
import { fieldErrors, type FieldMessage } from './field-messages.ts';
import { GATE_TIME_ZONE } from '../i18n/format.ts';
import { isoInZone, zoneOffset } from '../manager/report-range.ts';
import type { Locale } from '../i18n/define-messages.ts';
import { parseUserNumber } from '../shared/number-input.ts';

export interface CargoDraft {
  description: string;
  hsCode: string;
  packages: string;
  grossKg: string;
  perishable: boolean;
  plantOrAnimal: boolean;
}

export interface ContainerDraft {
  number: string;
  /** Comma- or space-separated seal numbers. */
  seals: string;
}

export interface TripDraft {
  direction: Direction;
  plate: string;
  trailerPlate: string;
  fullName: string;
  phone: string;
  licenseNo: string;
  cargo: CargoDraft[];
  containers: ContainerDraft[];
  declarations: string[];
  /** `YYYY-MM-DDTHH:mm` as a datetime-local input gives it, gate-local. */
  expectedArrival: string;
}

export const emptyCargo = (): CargoDraft => ({ description: '', hsCode: '', packages: '', grossKg: '', perishable: false, plantOrAnimal: false });
export const emptyContainer = (): ContainerDraft => ({ number: '', seals: '' });

/** A fresh form: exit, one cargo line, one container, one declaration, arriving in two hours. */
export function emptyDraft(now: number = Date.now()): TripDraft {
  return {
    direction: 'exit',
    plate: '',
    trailerPlate: '',
    fullName: '',
    phone: '',
    licenseNo: '',
    cargo: [emptyCargo()],
    containers: [emptyContainer()],
    declarations: [''],
    expectedArrival: localInput(now + 2 * 3_600_000),
  };
}

/** An instant as a datetime-local value in the gate's time zone (minutes). */
export function localInput(at: number): string {
  return isoInZone(at, GATE_TIME_ZONE).slice(0, 16);
}

/** A datetime-local value (gate-local) as ISO 8601 with the gate's offset; '' stays ''. */
export function fromLocalInput(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return value;
  const guess = Date.parse(`${value}:00Z`);
  return `${value}:00${zoneOffset(guess, GATE_TIME_ZONE)}`;
}

/** A number written back into the form as its user reads it: no grouping, their decimal mark. */
const numberText = (n: number, locale: Locale) => (locale === 'vi' ? String(n).replace('.', ',') : String(n));

/** The form of an existing trip (for corrections), numbers in the user's writing. */
export function draftFromTrip(trip: Trip, locale: Locale): TripDraft {
  return {
    direction: trip.direction,
    plate: trip.vehicle.plate,
    trailerPlate: trip.vehicle.trailerPlate ?? '',
    fullName: trip.driver.fullName,
    phone: trip.driver.phone,
    licenseNo: trip.driver.licenseNo ?? '',
    cargo: trip.cargo.map((c) => ({
      description: c.description,
      hsCode: c.hsCode,
      packages: numberText(c.packages, locale),
      grossKg: numberText(c.grossKg, locale),
      perishable: c.perishable,
      plantOrAnimal: c.plantOrAnimal,
    })),
    containers: trip.containers.map((c) => ({ number: c.number, seals: c.seals.join(', ') })),
    declarations: [...trip.declarations],
    expectedArrival: localInput(Date.parse(trip.expectedArrival)),
  };
}

const text = (v: string) => v.trim();

/**
 * Seal numbers as the form's hint says: separated by commas (or semicolons, new lines, the
 * Chinese ，、；), each trimmed. Spaces inside one seal number are kept (collapsed to one),
 * because some seals are printed with them (`VN 123456`): splitting on spaces would turn one
 * seal into two.
 *
 * @example
 * splitSeals('VN 123456, VN123457'); // ['VN 123456', 'VN123457']
 */
export function splitSeals(input: string): string[] {
  return input
    .split(/[,;\n，、；]/)
    .map((seal) => seal.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}
const optional = (v: string) => (v.trim() === '' ? undefined : v.trim());
/** '' → undefined (the schema says "required"); anything else → a number (NaN: "not a number"). */
/** A number field as the user wrote it in their language ("18.000" kg in Vietnamese is 18,000). */
const num = (v: string, locale: Locale) => (v.trim() === '' ? undefined : parseUserNumber(v, locale));

/** The correctable sections in request shape (before the schema normalises them). */
function sections(draft: TripDraft, locale: Locale) {
  return {
    vehicle: { plate: text(draft.plate), ...(optional(draft.trailerPlate) ? { trailerPlate: text(draft.trailerPlate) } : {}) },
    driver: { fullName: text(draft.fullName), phone: text(draft.phone), ...(optional(draft.licenseNo) ? { licenseNo: text(draft.licenseNo) } : {}) },
    cargo: draft.cargo.map((c) => ({
      description: text(c.description),
      hsCode: text(c.hsCode),
      packages: num(c.packages, locale),
      grossKg: num(c.grossKg, locale),
      perishable: c.perishable,
      plantOrAnimal: c.plantOrAnimal,
    })),
    containers: draft.containers.map((c) => ({ number: text(c.number), seals: splitSeals(c.seals) })),
    declarations: draft.declarations.map(text),
    expectedArrival: fromLocalInput(draft.expectedArrival),
  };
}

/** The body of POST /v1/trips before validation. */
export function createBody(draft: TripDraft, locale: Locale, gateCode = 'KT'): unknown {
  return { gateCode, direction: draft.direction, ...sections(draft, locale) };
}

export type FormErrors = Map<string, FieldMessage>;

/** Values of the draft by field path, to tell "left empty" from "wrong". */
function rawAt(draft: TripDraft, path: string): unknown {
  const parts = path.split('.');
  const map: Record<string, string> = { 'vehicle.plate': 'plate', 'vehicle.trailerPlate': 'trailerPlate', 'driver.fullName': 'fullName', 'driver.phone': 'phone', 'driver.licenseNo': 'licenseNo' };
  if (map[path]) return draft[map[path] as keyof TripDraft];
  let value: unknown = draft;
  for (const p of parts) value = (value as Record<string, unknown> | undefined)?.[p];
  return value;
}

function withEmptyAsRequired(draft: TripDraft, error: z.ZodError | undefined): FormErrors {
  const errors = fieldErrors(error);
  for (const [path, message] of errors) {
    if (rawAt(draft, path) === '' && message.rule !== 'required') errors.set(path, { ...message, rule: 'required', params: {} });
  }
  return errors;
}

/**
 * Validates a new registration.
 *
 * @example
 * const { request, errors } = validateCreate(draft, 'vi');
 * errors.get('containers.0.number'); // { rule: 'container_check_digit', params: { expected: '3' }, … }
 */
export function validateCreate(draft: TripDraft, locale: Locale): { request: CreateTripRequest | null; errors: FormErrors } {
  const parsed = ZCreateTripRequestSchema.safeParse(createBody(draft, locale));
  return { request: parsed.success ? parsed.data : null, errors: withEmptyAsRequired(draft, parsed.error) };
}

/**
 * Validates a correction: only sections that differ from the trip as registered are sent
 * (the API records exactly those in the trip's history).
 *
 * @example
 * const { request, changed } = validateCorrection(initial, draft, 'typo in plate', 'vi');
 */
export function validateCorrection(
  initial: TripDraft,
  draft: TripDraft,
  reason: string,
  locale: Locale,
): { request: CorrectTripRequest | null; errors: FormErrors; changed: string[] } {
  const before = sections(initial, locale);
  const after = sections(draft, locale);
  const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  // Validate the whole form (an error anywhere is shown), send only what changed.
  const full = ZCreateTripRequestSchema.safeParse(createBody(draft, locale));
  const errors = withEmptyAsRequired(draft, full.error);
  if (!full.success || changed.length === 0) return { request: null, errors, changed };
  const body: Record<string, unknown> = Object.fromEntries(changed.map((k) => [k, after[k]]));
  // A removed trailer must be said explicitly (absent = unchanged).
  if (changed.includes('vehicle') && !draft.trailerPlate.trim()) body.vehicle = { ...(body.vehicle as object), trailerPlate: null };
  if (reason.trim()) body.reason = reason.trim();
  const parsed = ZCorrectTripRequestSchema.safeParse(body);
  return { request: parsed.success ? parsed.data : null, errors: withEmptyAsRequired(draft, parsed.error), changed };
}
