/**
 * The WCO / UN/EDIFACT codec: movement notices as CUSDEC, gate events as
 * IFTSTA, decisions as CUSRES; directory D.96B, syntax version 4 with
 * character set UNOW (UTF-8), message implementation guide `BF1.0`.
 * Decisions have no polling cursor in EDIFACT (a poll returns an interchange;
 * the adapter's HTTP layer carries any cursor).
 */
import {
  ZAgencyDecisionEnvelopeSchema,
  ZGateEventEnvelopeSchema,
  ZMovementNoticeEnvelopeSchema,
  type AgencyDecisionEnvelope,
  type AgencyMessageKind,
  type EnvelopeHeader,
  type GateEventEnvelope,
  type MovementNoticeEnvelope,
} from '@borderflow/contracts';
import type { AgencyCodec } from '../codec.ts';
import { cusdecPayload, cusdecSegments } from './cusdec.ts';
import { cusresPayload, cusresSegments } from './cusres.ts';
import { edifactText } from './edifact-charset.ts';
import { EDIFACT_CODEC, type Segment } from './edifact-syntax.ts';
import { controlRefOf, fail, readHead, readInterchange, writeInterchange, type ReadInterchange } from './edifact-interchange.ts';
import { iftstaPayload, iftstaSegments } from './iftsta.ts';

function interchange(kind: AgencyMessageKind, headers: readonly EnvelopeHeader[], messages: Segment[][]): string {
  const first = headers[0];
  if (!first) return fail('an interchange needs at least one message');
  for (const h of headers) {
    // UNB carries sender and receiver once for the whole interchange.
    if (h.sender !== first.sender || h.receiver !== first.receiver || h.schemaVersion !== first.schemaVersion) {
      fail('all messages of one interchange must share sender, receiver and schemaVersion');
    }
  }
  return writeInterchange({
    sender: first.sender,
    receiver: first.receiver,
    preparedAt: first.sentAt,
    controlRef: controlRefOf(first.messageId),
    kind,
    schemaVersion: first.schemaVersion,
    messages,
  });
}

function single(read: ReadInterchange): ReadInterchange['messages'][number] {
  if (read.messages.length !== 1) fail(`expected one message, got ${read.messages.length}`);
  return read.messages[0]!;
}

/**
 * @example
 * const body = edifactCodec.encodeNotice(signedEnvelope); // "UNA:+.?*'UNB+UNOW:4+borderflow.kt:ZZZ+…'UNH+1+CUSDEC:D:96B:UN:BF1.0'…"
 * const decisions = edifactCodec.decodeDecisions(cusresInterchange);
 */
export const edifactCodec: AgencyCodec = {
  name: EDIFACT_CODEC,
  contentType: 'application/EDIFACT',

  bodyText: edifactText,

  encodeNotice(envelope: MovementNoticeEnvelope): string {
    return interchange('movement_notice', [envelope], [cusdecSegments(envelope)]);
  },

  encodeGateEvent(envelope: GateEventEnvelope): string {
    return interchange('gate_event', [envelope], [iftstaSegments(envelope)]);
  },

  decodeDecisions(body: string): AgencyDecisionEnvelope[] {
    // An empty poll is an empty body (an interchange needs a sender, taken from its first message).
    if (body.trim() === '') return [];
    const read = readInterchange(body, 'agency_decision');
    return read.messages.map(({ segments, association }) =>
      ZAgencyDecisionEnvelopeSchema.parse({ ...readHead(segments, 'agency_decision', read, association), payload: cusresPayload(segments) }),
    );
  },

  decisionCursor(): string | null {
    return null;
  },

  decodeNotice(body: string): MovementNoticeEnvelope {
    const read = readInterchange(body, 'movement_notice');
    const { segments, association } = single(read);
    return ZMovementNoticeEnvelopeSchema.parse({ ...readHead(segments, 'movement_notice', read, association), payload: cusdecPayload(segments) });
  },

  decodeGateEvent(body: string): GateEventEnvelope {
    const read = readInterchange(body, 'gate_event');
    const { segments, association } = single(read);
    return ZGateEventEnvelopeSchema.parse({ ...readHead(segments, 'gate_event', read, association), payload: iftstaPayload(segments) });
  },

  encodeDecisions(envelopes: readonly AgencyDecisionEnvelope[]): string {
    if (envelopes.length === 0) return '';
    return interchange('agency_decision', envelopes, envelopes.map(cusresSegments));
  },
};
