/**
 * Barriers and signal lights (issue 17): the gate drives them over MQTT. For every command the platform
 * publishes `{ commandId, action, … }` on the device's command topic and waits for the device to answer
 * on its ack topic with the same commandId. A resend after a timeout keeps the commandId, so a device
 * that did act but whose ack was lost does not act twice. No ack after the last attempt (or a device
 * that refuses) is a `no_ack` alert: an operator acts by hand and says so (audited).
 *
 * Topics (one device, `gate` its gate code, `deviceId` its registration id):
 *   borderflow/<gate>/devices/<deviceId>/command   platform → device, QoS 1
 *   borderflow/<gate>/devices/<deviceId>/ack       device → platform, QoS 1
 */
import { z } from 'zod';
import { ZGateCodeSchema } from './common.ts';
import { plainText } from './text.ts';

export const MQTT_TOPIC_ROOT = 'borderflow';
export const commandTopic = (gate: string, deviceId: string) => `${MQTT_TOPIC_ROOT}/${gate}/devices/${deviceId}/command`;
export const ackTopic = (gate: string, deviceId: string) => `${MQTT_TOPIC_ROOT}/${gate}/devices/${deviceId}/ack`;
/** Every device's acks at every gate (the platform's one subscription). */
export const ACK_TOPIC_FILTER = `${MQTT_TOPIC_ROOT}/+/devices/+/ack`;

/** A barrier opens and closes; a lane's signal light shows green (come in) or red (wait). */
export const ZSignalActionSchema = z.enum(['open', 'close', 'green', 'red']);
export type SignalAction = z.infer<typeof ZSignalActionSchema>;

export const ZSignalCommandSchema = z.object({
  commandId: z.uuid(),
  action: ZSignalActionSchema,
  /** The truck the command is for (a barrier opening for it, a light calling it), or null (a paused lane's red). */
  tripId: z.string().nullable(),
  plate: z.string().nullable(),
  /** 1 for the first send, +1 per resend. */
  attempt: z.number().int().min(1),
  issuedAt: z.string(),
});
export type SignalCommand = z.infer<typeof ZSignalCommandSchema>;

/** What a device answers: done (`ok`) and the state it is now in, or refused with its own error text. */
export const ZSignalAckSchema = z
  .object({
    commandId: z.uuid('commandId must be the command id (UUID)'),
    ok: z.boolean(),
    state: ZSignalActionSchema.optional(),
    error: z.string().max(200).optional(),
  })
  .strict();
export type SignalAck = z.infer<typeof ZSignalAckSchema>;

/**
 * A command's life: `sent` (waiting for an ack, resent on timeout), `acked`, `superseded` (a newer
 * command to the same device came first), `failed` (no ack after every attempt, or refused: an alert),
 * `manual` (an operator did it by hand).
 */
export const ZSignalCommandStatusSchema = z.enum(['sent', 'acked', 'superseded', 'failed', 'manual']);
export type SignalCommandStatus = z.infer<typeof ZSignalCommandStatusSchema>;

export const ZSignalCommandViewSchema = z.object({
  commandId: z.string(),
  deviceId: z.string(),
  action: ZSignalActionSchema,
  tripId: z.string().nullable(),
  plate: z.string().nullable(),
  status: ZSignalCommandStatusSchema,
  attempts: z.number().int(),
  /** Why it failed: `no_ack` or the device's own refusal. */
  failure: z.string().nullable(),
  createdAt: z.string(),
  doneAt: z.string().nullable(),
});
export type SignalCommandView = z.infer<typeof ZSignalCommandViewSchema>;

/** A barrier or signal as the board shows it: its last confirmed state and its latest command. */
export const ZSignalDeviceSchema = z.object({
  deviceId: z.string(),
  name: z.string(),
  kind: z.enum(['barrier', 'signal']),
  laneId: z.string().nullable(),
  /** The state the device last confirmed (or an operator set by hand); null before any. */
  state: ZSignalActionSchema.nullable(),
  latest: ZSignalCommandViewSchema.nullable(),
});
export type SignalDevice = z.infer<typeof ZSignalDeviceSchema>;

export const ZGateSignalsSchema = z.object({
  gate: z.string(),
  devices: z.array(ZSignalDeviceSchema),
  /** Commands no device confirmed, waiting for an operator to act by hand; oldest first. */
  unconfirmed: z.array(ZSignalCommandViewSchema),
});
export type GateSignals = z.infer<typeof ZGateSignalsSchema>;

export const ZSignalCommandParamsSchema = z
  .object({ gate: ZGateCodeSchema, commandId: z.uuid('commandId must be a command id (UUID)') })
  .strict();
/** The operator did what the device did not (opened the barrier by hand…); the note is kept in the audit. */
export const ZManualSignalRequestSchema = z
  .object({ note: plainText(z.string().trim().max(200, 'note must be at most 200 characters')).optional() })
  .strict();
export type ManualSignalRequest = z.infer<typeof ZManualSignalRequestSchema>;
