/**
 * The VNACCS/VASSCM-style XML codec: documents `<Message>` (one message) and
 * `<Messages>` (a callback or polling batch, with a `cursor` attribute when
 * polling). Element names and endpoints are OUR ASSUMPTION of the real
 * interface, documented in README.md beside this file.
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
import { decisionFromXml, decisionToXml } from './decision-xml.ts';
import { gateEventFromXml, gateEventToXml } from './gate-event-xml.ts';
import { noticeFromXml, noticeToXml } from './notice-xml.ts';
import { CODEC_NAME, VNACCS_NS, XmlReader, buildXml, parseXml } from './xml-document.ts';
import { PAYLOAD_ELEMENT, messageElement, readHeader } from './xml-envelope.ts';

function single(root: Record<string, unknown>): string {
  return buildXml({ Message: { '@_xmlns': VNACCS_NS, ...root } });
}

/** The `<Message>` elements of a body that is either one `<Message>` or a `<Messages>` batch. */
function messagesOf(body: string): { messages: XmlReader[]; cursor: string | null } {
  const { name, node } = parseXml(body, ['Messages', 'Message']);
  if (name === 'Message') return { messages: [new XmlReader(node, '/Message')], cursor: null };
  const root = new XmlReader(node, '/Messages');
  return { messages: root.all('Message'), cursor: root.opt('@_cursor') ?? null };
}

function expectKind(message: XmlReader, kind: keyof typeof PAYLOAD_ELEMENT): XmlReader {
  const got = message.req('@_kind');
  if (got !== kind) throw new CodecError(CODEC_NAME, `${message.path} has kind ${got}, expected ${kind}`);
  return message.child(PAYLOAD_ELEMENT[kind]);
}

function decodeOne(body: string): XmlReader {
  const { messages } = messagesOf(body);
  if (messages.length !== 1) throw new CodecError(CODEC_NAME, `expected one message, got ${messages.length}`);
  return messages[0]!;
}

/**
 * @example
 * const body = vnaccsXmlCodec.encodeNotice(signedEnvelope); // POST /vnaccs/v1/movement-notices
 * const decisions = vnaccsXmlCodec.decodeDecisions(callbackBody);
 */
export const vnaccsXmlCodec: AgencyCodec = {
  name: CODEC_NAME,
  contentType: 'application/xml; charset=utf-8',

  encodeNotice(envelope: MovementNoticeEnvelope): string {
    return single(messageElement(envelope, noticeToXml(envelope.payload)));
  },

  encodeGateEvent(envelope: GateEventEnvelope): string {
    return single(messageElement(envelope, gateEventToXml(envelope.payload)));
  },

  decodeDecisions(body: string): AgencyDecisionEnvelope[] {
    return messagesOf(body).messages.map((m) =>
      ZAgencyDecisionEnvelopeSchema.parse({ ...readHeader(m), payload: decisionFromXml(expectKind(m, 'agency_decision')) }),
    );
  },

  decisionCursor(body: string): string | null {
    return messagesOf(body).cursor;
  },

  decodeNotice(body: string): MovementNoticeEnvelope {
    const m = decodeOne(body);
    return ZMovementNoticeEnvelopeSchema.parse({ ...readHeader(m), payload: noticeFromXml(expectKind(m, 'movement_notice')) });
  },

  decodeGateEvent(body: string): GateEventEnvelope {
    const m = decodeOne(body);
    return ZGateEventEnvelopeSchema.parse({ ...readHeader(m), payload: gateEventFromXml(expectKind(m, 'gate_event')) });
  },

  encodeDecisions(envelopes: readonly AgencyDecisionEnvelope[], cursor: string | null = null): string {
    return buildXml({
      Messages: {
        '@_xmlns': VNACCS_NS,
        ...(cursor !== null ? { '@_cursor': cursor } : {}),
        Message: envelopes.map((e) => messageElement(e, decisionToXml(e.payload))),
      },
    });
  },
};
