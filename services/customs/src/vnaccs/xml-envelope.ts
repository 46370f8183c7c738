/**
 * The envelope in XML: `<Message kind=… schemaVersion=…>` with a `<Header>`
 * carrying every envelope field (so the envelope signature, computed over the
 * envelope's canonical JSON, can be re-checked after decoding) and one payload
 * element. See README.md for the documents.
 */
import type { AgencyMessageKind, EnvelopeHeader } from '@borderflow/contracts';
import { XmlReader, el } from './xml-document.ts';

/** Payload element name per message kind. */
export const PAYLOAD_ELEMENT: Record<AgencyMessageKind, string> = {
  movement_notice: 'MovementNotice',
  gate_event: 'GateEvent',
  agency_decision: 'Decision',
};

/**
 * One `<Message>` element (without the document root).
 *
 * @example
 * messageElement(envelope, noticeToXml(envelope.payload));
 */
export function messageElement(header: EnvelopeHeader, payload: Record<string, unknown>): Record<string, unknown> {
  return {
    '@_kind': header.kind,
    '@_schemaVersion': header.schemaVersion,
    Header: el({
      MessageId: header.messageId,
      CorrelationId: header.correlationId,
      SentAt: header.sentAt,
      Sender: header.sender,
      Receiver: header.receiver,
      GateCode: header.gateCode,
      Signature: {
        '@_algorithm': header.signature.algorithm,
        '@_keyId': header.signature.keyId,
        '#text': header.signature.value,
      },
    }),
    [PAYLOAD_ELEMENT[header.kind]]: payload,
  };
}

/**
 * Reads the header of one `<Message>`; values are checked by the envelope
 * schema afterwards (so errors name the envelope field).
 */
export function readHeader(message: XmlReader): Record<keyof EnvelopeHeader, unknown> {
  const h = message.child('Header');
  const sig = h.child('Signature');
  return {
    kind: message.req('@_kind'),
    schemaVersion: message.req('@_schemaVersion'),
    messageId: h.req('MessageId'),
    correlationId: h.req('CorrelationId'),
    sentAt: h.req('SentAt'),
    sender: h.req('Sender'),
    receiver: h.req('Receiver'),
    gateCode: h.req('GateCode'),
    signature: { algorithm: sig.req('@_algorithm'), keyId: sig.req('@_keyId'), value: h.req('Signature') },
  };
}
