/**
 * The generic signed JSON webhook's wire format (quarantine, border guard, the
 * far-side gate): the envelope itself as JSON. A decisions body carries one
 * decision envelope, an array of them, or `{ "messages": [...], "cursor": "…" }`.
 */
import {
  ZAgencyDecisionEnvelopeSchema,
  ZGateEventEnvelopeSchema,
  ZMovementNoticeEnvelopeSchema,
  type AgencyDecisionEnvelope,
  type GateEventEnvelope,
  type MovementNoticeEnvelope,
} from '@borderflow/contracts';
import { CodecError, type AgencyCodec } from '../codec.ts';

const NAME = 'json-webhook';

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (err) {
    throw new CodecError(NAME, `body is not JSON: ${(err as Error).message}`);
  }
}

function batchOf(value: unknown): { items: unknown[]; cursor: string | null } {
  if (Array.isArray(value)) return { items: value, cursor: null };
  if (value !== null && typeof value === 'object' && Array.isArray((value as { messages?: unknown }).messages)) {
    const v = value as { messages: unknown[]; cursor?: unknown };
    return { items: v.messages, cursor: typeof v.cursor === 'string' ? v.cursor : null };
  }
  return { items: [value], cursor: null };
}

/**
 * @example
 * const body = jsonWebhookCodec.encodeNotice(envelope);
 * const decisions = jsonWebhookCodec.decodeDecisions(rawBody);
 */
export const jsonWebhookCodec: AgencyCodec = {
  name: NAME,
  contentType: 'application/json',
  encodeNotice: (envelope: MovementNoticeEnvelope) => JSON.stringify(envelope),
  encodeGateEvent: (envelope: GateEventEnvelope) => JSON.stringify(envelope),
  decodeDecisions(body: string): AgencyDecisionEnvelope[] {
    return batchOf(parse(body)).items.map((item) => ZAgencyDecisionEnvelopeSchema.parse(item));
  },
  decisionCursor: (body: string) => batchOf(parse(body)).cursor,
  decodeNotice: (body: string) => ZMovementNoticeEnvelopeSchema.parse(parse(body)),
  decodeGateEvent: (body: string) => ZGateEventEnvelopeSchema.parse(parse(body)),
  encodeDecisions(envelopes: readonly AgencyDecisionEnvelope[], cursor?: string | null): string {
    if (cursor === undefined && envelopes.length === 1) return JSON.stringify(envelopes[0]);
    return JSON.stringify({ messages: envelopes, ...(cursor != null ? { cursor } : {}) });
  },
};
