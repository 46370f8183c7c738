/**
 * Sends one outbound message to the far end: the stored envelope is encoded
 * in the adapter's wire format (JSON, VNACCS XML, EDIFACT CUSDEC), signed anew
 * for this attempt, and POSTed. The answer decides what happens next:
 * 2xx delivered; 408/425/429/5xx and network errors are retried (and count
 * for the circuit breaker); any other 4xx means the far end will never take
 * this message as it is, so it is dead-lettered at once.
 */
import type { GateEventEnvelope, MovementNoticeEnvelope } from '@borderflow/contracts';
import type { KeyRing } from '../signing/key-ring.ts';
import { signRequest } from '../signing/request-signature.ts';
import { HttpTransportError, httpRequest, type HttpAnswer } from './http-request.ts';
import type { OutboxMessage } from './outbox.ts';

/** The encoding half of an adapter's codec. */
export interface OutboundEncoder {
  contentType: string;
  encodeNotice(envelope: MovementNoticeEnvelope): string;
  encodeGateEvent(envelope: GateEventEnvelope): string;
}

/** A failed delivery; `permanent` ones are dead-lettered without further attempts. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface Transport {
  send(message: OutboxMessage): Promise<void>;
}

export interface HttpTransportOptions {
  url: string;
  encoder: OutboundEncoder;
  ring: KeyRing;
  timeoutMs: number;
  clock?: () => number;
}

const RETRYABLE_STATUS = new Set([408, 425, 429]);

/**
 * Encodes a stored envelope in the adapter's format.
 *
 * @example
 * const body = encodeStored(message, codec); // '<?xml …' for VNACCS
 */
export function encodeStored(message: Pick<OutboxMessage, 'kind' | 'body'>, encoder: OutboundEncoder): string {
  const envelope = JSON.parse(message.body) as MovementNoticeEnvelope | GateEventEnvelope;
  return message.kind === 'movement_notice'
    ? encoder.encodeNotice(envelope as MovementNoticeEnvelope)
    : encoder.encodeGateEvent(envelope as GateEventEnvelope);
}

/**
 * @example
 * const transport = httpTransport({ url: 'https://customs.example/bf', encoder: vnaccsCodec, ring, timeoutMs: 10_000 });
 * await transport.send(message); // throws DeliveryError
 */
export function httpTransport(options: HttpTransportOptions): Transport {
  const clock = options.clock ?? Date.now;
  return {
    async send(message) {
      let body: string;
      try {
        body = encodeStored(message, options.encoder);
      } catch (err) {
        // Our own encoder refusing a stored envelope will not change on retry.
        throw new DeliveryError(`could not encode: ${(err as Error).message}`, true);
      }
      let res: HttpAnswer;
      try {
        res = await httpRequest(options.url, {
          method: 'POST',
          body,
          headers: {
            'content-type': options.encoder.contentType,
            'x-borderflow-message-id': message.id,
            ...signRequest(options.ring.signingKey, body, clock()),
          },
          timeoutMs: options.timeoutMs,
        });
      } catch (err) {
        throw new DeliveryError(err instanceof HttpTransportError ? err.code : (err as Error).message, false);
      }
      if (res.status >= 200 && res.status < 300) return;
      const text = res.body.toString('utf8');
      const detail = `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
      const retryable = res.status >= 500 || RETRYABLE_STATUS.has(res.status);
      throw new DeliveryError(detail, !retryable, res.status);
    },
  };
}
