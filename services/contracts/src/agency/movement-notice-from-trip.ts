/**
 * Builds a MovementNotice from a trip as the API holds it. The trip knows
 * its declaration numbers but not their trade type or customs office, nor the
 * parties' tax ids: those come from the gate's configuration or the
 * forwarder's declaration data, passed in here.
 */
import { declarationKey } from '../identifiers/declaration.ts';
import { plateCountry } from '../identifiers/plate.ts';
import type { Trip } from '../trip.ts';
import { formatVnDateTime } from './envelope.ts';
import {
  ZMovementNoticeSchema,
  type BorderCountry,
  type MovementNotice,
  type NoticeParty,
  type NoticePurpose,
} from './movement-notice.ts';

export type NoticeTrip = Pick<
  Trip,
  'id' | 'direction' | 'vehicle' | 'driver' | 'cargo' | 'containers' | 'declarations' | 'expectedArrival' | 'revisions'
>;

export interface NoticeDetails {
  /** The customs office the gate belongs to, used for declarations without their own, e.g. '13BB'. */
  customsOffice: string;
  /** Per declaration number (or its 11-digit key): trade type and office when known. */
  declarations?: Record<string, { tradeType?: string; customsOffice?: string }>;
  parties?: NoticeParty[];
  purpose?: NoticePurpose;
  driverNationality?: BorderCountry;
}

/** B11 (export for trade) leaving Vietnam, A11 (import for trade) entering: the common case at a land gate. */
const DEFAULT_TRADE_TYPE = { exit: 'B11', entry: 'A11' } as const;

/**
 * Validated notice for a trip; throws a ZodError naming the field when the
 * trip or the details break the contract.
 *
 * @example
 * const notice = movementNoticeFromTrip(trip, { customsOffice: '13BB', purpose: trip.revisions ? 'replace' : 'original' });
 */
export function movementNoticeFromTrip(trip: NoticeTrip, details: NoticeDetails): MovementNotice {
  const declarationInfo = (n: string) => details.declarations?.[n] ?? details.declarations?.[declarationKey(n)] ?? {};
  const nationality: BorderCountry = plateCountry(trip.vehicle.plate) ?? 'VN';
  const driverExtras = {
    ...(trip.driver.licenseNo ? { licenseNo: trip.driver.licenseNo } : {}),
    ...(details.driverNationality ? { nationality: details.driverNationality } : {}),
  };
  return ZMovementNoticeSchema.parse({
    tripId: trip.id,
    purpose: details.purpose ?? (trip.revisions > 0 ? 'replace' : 'original'),
    revision: trip.revisions,
    direction: trip.direction,
    expectedArrivalAt: formatVnDateTime(new Date(trip.expectedArrival)),
    vehicle: { plate: trip.vehicle.plate, nationality },
    trailer: trip.vehicle.trailerPlate ? { plate: trip.vehicle.trailerPlate } : null,
    driver: { fullName: trip.driver.fullName, phone: trip.driver.phone, ...driverExtras },
    containers: trip.containers.map((c) => ({ number: c.number, seals: [...c.seals] })),
    declarations: trip.declarations.map((number) => {
      const info = declarationInfo(number);
      return {
        number,
        tradeType: info.tradeType ?? DEFAULT_TRADE_TYPE[trip.direction],
        customsOffice: info.customsOffice ?? details.customsOffice,
      };
    }),
    parties: details.parties ?? [],
    cargo: trip.cargo.map((c) => ({ ...c })),
  });
}
