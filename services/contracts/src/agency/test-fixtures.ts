/**
 * Valid agency messages for tests (contracts' own and the adapters'): one
 * place for the example trip so every codec test speaks about the same truck.
 */
import { randomUUID } from 'node:crypto';
import type { AgencyDecisionMessageInput } from './agency-decision-message.ts';
import { AGENCY_SCHEMA_VERSION, type AgencyMessageKind, type EnvelopeHeader } from './envelope.ts';
import type { GateEventMessageInput } from './gate-event-message.ts';
import type { MovementNoticeInput } from './movement-notice.ts';

/** A red-channel exit of dragon fruit with a Vietnamese exporter and a Chinese importer. */
export function exampleNotice(): MovementNoticeInput {
  return {
    tripId: 'trip_01JX2K',
    purpose: 'original',
    revision: 0,
    direction: 'exit',
    expectedArrivalAt: '2025-06-01T08:30:00+07:00',
    vehicle: { plate: '24C-123.45', nationality: 'VN' },
    trailer: { plate: '24R-012.34' },
    driver: { fullName: 'Nguyễn Văn An', phone: '+84 912 345 678', licenseNo: 'B2-123456', nationality: 'VN' },
    containers: [{ number: 'CSQU3054383', seals: ['VN123456', 'VN123457'] }],
    declarations: [
      { number: '305123456780', tradeType: 'B11', customsOffice: '13BB' },
      { number: '305123456791', tradeType: 'e52', customsOffice: '13bb' },
    ],
    parties: [
      { role: 'exporter', country: 'VN', name: 'Công ty TNHH Nông sản Lào Cai', taxId: '0100109106' },
      { role: 'importer', country: 'CN', name: '河口县果蔬进出口有限公司', taxId: '91350100M000100Y43' },
    ],
    cargo: [
      { description: 'Thanh long ruột đỏ', hsCode: '0810.90.10', packages: 1200, grossKg: 18000, perishable: true, plantOrAnimal: true, declarationNumber: '305123456780', packageType: 'CT' },
      { description: 'Xoài', hsCode: '0804.50.20', packages: 300, grossKg: 4500, declarationNumber: '305123456791' },
    ],
  };
}

export function exampleDecision(over: Partial<AgencyDecisionMessageInput> = {}): AgencyDecisionMessageInput {
  return {
    agency: 'customs',
    declarationKey: '30512345678',
    amendment: 0,
    status: 'channel_assigned',
    decidedAt: '2025-06-01T08:40:00+07:00',
    channel: { code: '3D', color: 'red' },
    inspectionModes: ['xray'],
    holds: [],
    ...over,
  };
}

export function exampleGateIn(): GateEventMessageInput {
  return {
    type: 'gate_in',
    eventId: 'KT:101',
    tripId: 'trip_01JX2K',
    occurredAt: '2025-06-01T08:31:12.345+07:00',
    plate: '24C12345',
    trailerPlate: '24R01234',
    laneId: null,
    declarationKeys: ['30512345678', '30512345679'],
  };
}

/** An envelope header with a well-formed (not verifiable) signature. */
export function exampleHeader(kind: AgencyMessageKind, over: Partial<EnvelopeHeader> = {}): EnvelopeHeader {
  return {
    messageId: randomUUID(),
    correlationId: 'trip_01JX2K',
    schemaVersion: AGENCY_SCHEMA_VERSION,
    kind,
    sentAt: '2025-06-01T08:30:05.000+07:00',
    sender: 'borderflow.kt',
    receiver: 'vn-customs.13bb',
    gateCode: 'KT',
    signature: { algorithm: 'HMAC-SHA256', keyId: 'k2025-06', value: 'a'.repeat(64) },
    ...over,
  };
}
