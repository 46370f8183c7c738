/**
 * @borderflow/customs — agency adapters: movement notices and gate events out
 * (BullMQ queue per adapter, per-trip order, retries, circuit breaker, dead
 * letters), signed decisions in (webhook callbacks, VNACCS polling).
 */
export * from './config/adapter-config.ts';
export * from './config/load-adapters-config.ts';
export * from './config/demo-config.ts';
export * from './agency-adapters.ts';
export * from './codec-registry.ts';
export { CodecError, type AgencyCodec } from './codec.ts';
export { vnaccsXmlCodec } from './vnaccs/vnaccs-xml-codec.ts';
export { edifactCodec } from './edifact/edifact-codec.ts';
export { AdapterDelivery, retryDelay, OUTBOUND_QUEUE } from './delivery/adapter-delivery.ts';
export { CircuitBreaker, type BreakerPermit } from './delivery/circuit-breaker.ts';
export { Outbox, jobIdOf, type OutboxMessage, type OutboxHead, type OutboxKind } from './delivery/outbox.ts';
export { OutboxKeys } from './delivery/outbox-keys.ts';
export { DeliveryError, httpTransport, encodeStored, type Transport } from './delivery/http-transport.ts';
export { HttpTransportError, httpRequest, type HttpAnswer } from './delivery/http-request.ts';
export { InboundReceiver, InboundRejection, type InboundStats } from './inbound/inbound-receiver.ts';
export { startDecisionPollers, type DecisionPollers } from './inbound/decision-poller.ts';
export { relayGateEvent, tripContextLoader, type GateEventRelayOptions } from './outbound/gate-event-relay.ts';
export { uuidFromName } from './outbound/message-id.ts';
export { KeyRing, loadKeyRing, type SigningKey } from './signing/key-ring.ts';
export * from './signing/request-signature.ts';
export { canonicalJson, signEnvelope, verifyEnvelope } from './signing/envelope-signature.ts';
export { jsonWebhookCodec } from './webhook/json-codec.ts';
