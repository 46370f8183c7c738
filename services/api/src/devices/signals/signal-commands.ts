/**
 * The barrier and signal adapter (issue 17): follows each gate's event stream (consumer group
 * `signals`, one reader per gate at a time so commands leave in event order) and turns the moves of
 * signal-plan.ts into MQTT commands to the registered barrier and light of that place.
 *
 * Each command is stored first (`signal_commands`, unique per device and causing event, so a
 * redelivered event sends nothing twice), then published with its id. The device answers on its ack
 * topic with that id. Retry policy: no ack within `ackTimeoutMs`, the same command (same id: a device
 * that acted but lost its ack does not act twice) is sent again, up to `attempts` sends in all; then the
 * command is `failed` and a live `no_ack` alert tells the operators, who act by hand
 * (manualSignal, audited). A device that answers `ok: false` fails the command at once. A newer command
 * to the same device supersedes one still waiting: a light that missed "green" but got "red" is right.
 * A restart loses no command: what a stopped process left waiting is sent again or shown unacknowledged
 * (resumeUnacknowledged).
 */
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { Logger } from 'pino';
import mqtt, { type MqttClient } from 'mqtt';
import {
  ACK_TOPIC_FILTER,
  ZSignalAckSchema,
  commandTopic,
  type GateEvent,
  type SignalCommand,
  type SignalCommandView,
} from '@borderflow/contracts';
import { isUniqueViolation } from '@borderflow/db';
import type { StreamSemantics } from '@borderflow/persist';
import type { ApiContext } from '../../context.ts';
import { AppError } from '../../app-error.ts';
import { REFUSALS } from '../../http/refusal-words.ts';
import { auditedWrite } from '../../audit/audit-log.ts';
import { principalOf } from '../../auth/require-auth.ts';
import { startFanout, type Fanout } from '../../live/fanout.ts';
import { raiseAlert } from '../device-health.ts';
import { signalMovesFor, type SignalMove } from './signal-plan.ts';

export const SIGNALS_GROUP = 'signals';
/** Only what happens from now on moves a barrier: last night's call-ups must not flash the lights at startup. */
const SIGNALS_SEMANTICS: StreamSemantics = { startAt: '$', maxAttempts: 5 };
/** One reader per gate at a time (as the fan-out): commands to one light leave in event order. */
const SIGNALS_LEASE_MS = 3000;
/**
 * A command left unacknowledged by a stopped process is sent again only this soon after it was issued:
 * a barrier must not open for a truck that left a minute ago.
 */
export const RESEND_WITHIN_MS = 60_000;

export interface SignalAdapterOptions {
  /** mqtt://host:port of the broker (the embedded one, or Mosquitto's from MQTT_URL). */
  mqttUrl: string;
  username?: string;
  password?: string;
  /** How long to wait for an ack before sending again (default SIGNAL_ACK_TIMEOUT_MS, else 2000). */
  ackTimeoutMs?: number;
  /** Sends in all before the command fails (default SIGNAL_ATTEMPTS, else 3). */
  attempts?: number;
}

export interface SignalAdapter {
  stop(): Promise<void>;
}

type CommandRow = {
  id: string; gateCode: string; deviceId: string; action: string; tripId: string | null; plate: string | null;
  status: string; attempts: number; failure: string | null; createdAt: Date; doneAt: Date | null;
};

export function signalCommandView(c: CommandRow): SignalCommandView {
  return {
    commandId: c.id, deviceId: c.deviceId, action: c.action as SignalCommandView['action'], tripId: c.tripId, plate: c.plate,
    status: c.status as SignalCommandView['status'], attempts: c.attempts, failure: c.failure,
    createdAt: c.createdAt.toISOString(), doneAt: c.doneAt?.toISOString() ?? null,
  };
}

/**
 * Connects to the broker, listens for acks and follows every gate's events.
 *
 * @example
 * const signals = await startSignalAdapter(ctx, { mqttUrl: 'mqtt://127.0.0.1:1883' }, consumer, logger);
 * await signals.stop();
 */
export async function startSignalAdapter(ctx: ApiContext, options: SignalAdapterOptions, consumer: string, logger: Logger): Promise<SignalAdapter> {
  const ackTimeoutMs = options.ackTimeoutMs ?? (Number(process.env.SIGNAL_ACK_TIMEOUT_MS) || 2000);
  const attempts = options.attempts ?? (Number(process.env.SIGNAL_ATTEMPTS) || 3);
  const timers = new Map<string, { deviceId: string; timer: NodeJS.Timeout }>();
  let stopped = false;
  const client: MqttClient = await mqtt.connectAsync(options.mqttUrl, {
    clientId: `borderflow-signals-${randomUUID().slice(0, 8)}`,
    username: options.username,
    password: options.password,
    reconnectPeriod: 1000,
    connectTimeout: 5000,
  });
  client.on('error', (err) => logger.warn({ err: err.message }, 'mqtt error'));
  await client.subscribeAsync(ACK_TOPIC_FILTER, { qos: 1 });

  const publish = (row: CommandRow, attempt: number) => {
    const message: SignalCommand = { commandId: row.id, action: row.action as SignalCommand['action'], tripId: row.tripId, plate: row.plate, attempt, issuedAt: new Date().toISOString() };
    client.publish(commandTopic(row.gateCode, row.deviceId), JSON.stringify(message), { qos: 1 }, (err) => {
      if (err) logger.warn({ err: err.message, commandId: row.id }, 'signal command not published; the retry timer sends it again');
    });
    const timer = setTimeout(() => void waitedFor(row.id).catch((err: unknown) => logger.warn({ err, commandId: row.id }, 'signal retry failed')), ackTimeoutMs);
    timer.unref();
    timers.set(row.id, { deviceId: row.deviceId, timer });
  };

  /** The ack timer ran out: send again, or give up and tell the operators. */
  const waitedFor = async (commandId: string) => {
    timers.delete(commandId);
    if (stopped) return;
    const row = await ctx.db.signalCommand.findUnique({ where: { id: commandId } });
    if (!row || row.status !== 'sent') return;
    if (row.attempts < attempts) {
      const moved = await ctx.db.signalCommand.updateMany({ where: { id: commandId, status: 'sent' }, data: { attempts: { increment: 1 } } });
      if (moved.count === 1) publish(row, row.attempts + 1);
      return;
    }
    await fail(row, 'no_ack');
  };

  const fail = async (row: CommandRow, failure: string) => {
    const moved = await ctx.db.signalCommand.updateMany({ where: { id: row.id, status: 'sent' }, data: { status: 'failed', failure, doneAt: new Date() } });
    if (moved.count !== 1) return;
    const device = await ctx.db.device.findUnique({ where: { id: row.deviceId } });
    await raiseAlert(ctx, { id: row.deviceId, gateCode: row.gateCode }, 'no_ack', {
      commandId: row.id, action: row.action, tripId: row.tripId, plate: row.plate, attempts: row.attempts, failure,
      name: device?.name ?? null, kind: device?.kind ?? null, laneId: device?.laneCode ?? null,
    });
  };

  /**
   * Commands a stopped process left waiting for their ack (its retry timers died with it): the newest
   * to each device, if still current, is sent again under its own id (the attempt counts; a device
   * that acted but lost its ack does not act twice); an older one to the same device is superseded; a
   * stale one (older than RESEND_WITHIN_MS: the truck has moved on or someone acted by hand) is not
   * sent again but fails with a `no_ack` alert, so the operator sees it unacknowledged and can act.
   */
  const resumeUnacknowledged = async () => {
    const left = await ctx.db.signalCommand.findMany({
      where: { status: 'sent', gateCode: { in: [...ctx.schedulers.keys()] } },
      orderBy: { createdAt: 'desc' },
    });
    const newest = new Set<string>();
    for (const row of left) {
      if (newest.has(row.deviceId)) {
        await ctx.db.signalCommand.updateMany({ where: { id: row.id, status: 'sent' }, data: { status: 'superseded', doneAt: new Date() } });
        continue;
      }
      newest.add(row.deviceId);
      if (Date.now() - row.createdAt.getTime() > RESEND_WITHIN_MS) {
        await fail(row, 'no_ack_before_restart');
      } else if (row.attempts >= attempts) {
        await fail(row, 'no_ack');
      } else {
        const moved = await ctx.db.signalCommand.updateMany({ where: { id: row.id, status: 'sent' }, data: { attempts: { increment: 1 } } });
        if (moved.count === 1) publish(row, row.attempts + 1);
      }
    }
    if (left.length > 0) logger.info({ commands: left.length }, 'signal commands left unacknowledged by a stopped process taken up');
  };

  client.on('message', (topic, payload) => {
    void onAck(topic, payload).catch((err: unknown) => logger.warn({ err, topic }, 'signal ack not applied'));
  });
  const onAck = async (topic: string, payload: Buffer) => {
    const [, gate, , deviceId] = topic.split('/');
    let parsed;
    try {
      parsed = ZSignalAckSchema.safeParse(JSON.parse(payload.toString('utf8')));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      logger.warn({ topic, payload: payload.toString('utf8').slice(0, 500) }, 'malformed signal ack ignored');
      return;
    }
    const ack = parsed.data;
    // The retry stops at once: the database work below can take longer than the ack timeout on a loaded machine.
    const pending = timers.get(ack.commandId);
    if (pending && pending.deviceId === deviceId) {
      clearTimeout(pending.timer);
      timers.delete(ack.commandId);
    }
    // Only the device the command went to can answer it (the topic is its own; the broker checks who publishes there).
    const row = await ctx.db.signalCommand.findFirst({ where: { id: ack.commandId, deviceId, gateCode: gate } });
    if (!row) return;
    if (!ack.ok) return fail(row, ack.error ?? 'refused');
    // A late ack (after the alert) still says the barrier moved: the command is done and its alert closes.
    const moved = await ctx.db.signalCommand.updateMany({ where: { id: row.id, status: { in: ['sent', 'failed'] } }, data: { status: 'acked', doneAt: new Date() } });
    if (moved.count === 1 && row.status === 'failed') await closeAlert(ctx.db, row);
    // An answer is the device's sign of life on the health panel.
    await ctx.db.device.update({ where: { id: deviceId }, data: { lastSeenAt: new Date() } });
  };

  const send = async (event: GateEvent, move: SignalMove) => {
    const devices = await ctx.db.device.findMany({
      where: { gateCode: event.gate, kind: move.kind, revokedAt: null, ...(move.kind === 'signal' ? { laneCode: move.laneId } : {}) },
    });
    for (const device of devices) {
      let row: CommandRow;
      try {
        row = await ctx.db.signalCommand.create({
          data: { gateCode: event.gate, deviceId: device.id, action: move.action, tripId: move.tripId, plate: move.plate, cause: `${event.type}#${event.seq}` },
        });
      } catch (err) {
        if (isUniqueViolation(err)) continue; // this event was handled before a crash: already sent
        throw err;
      }
      const older = await ctx.db.signalCommand.findMany({ where: { deviceId: device.id, status: 'sent', id: { not: row.id } }, select: { id: true } });
      for (const o of older) clearTimeout(timers.get(o.id)?.timer);
      await ctx.db.signalCommand.updateMany({ where: { id: { in: older.map((o) => o.id) }, status: 'sent' }, data: { status: 'superseded', doneAt: new Date() } });
      publish(row, 1);
    }
  };

  // After the ack listener is on: a re-sent command's ack must find it.
  await resumeUnacknowledged();

  const fanouts: Fanout[] = [...ctx.schedulers.values()].map((s) =>
    startFanout({
      redis: ctx.redis, streamKey: s.eventsStream(), group: SIGNALS_GROUP, semantics: SIGNALS_SEMANTICS, consumer, logger, leaseMs: SIGNALS_LEASE_MS,
      emit: async (event) => {
        for (const move of signalMovesFor(event)) await send(event, move);
      },
    }),
  );

  return {
    async stop() {
      stopped = true;
      await Promise.all(fanouts.map((f) => f.stop()));
      for (const t of timers.values()) clearTimeout(t.timer);
      timers.clear();
      await client.endAsync();
    },
  };
}

/** The `no_ack` alert of a command closes: done by hand, or the device answered late. */
async function closeAlert(db: Pick<ApiContext['db'], 'deviceAlert'>, row: Pick<CommandRow, 'id' | 'deviceId'>): Promise<void> {
  await db.deviceAlert.updateMany({ where: { deviceId: row.deviceId, kind: 'no_ack', resolvedAt: null, detail: { path: ['commandId'], equals: row.id } }, data: { resolvedAt: new Date() } });
}

/**
 * An operator did by hand what the device did not acknowledge; the command becomes `manual`, its alert
 * closes, and the audit keeps who and why. Only a failed command can be done by hand.
 *
 * @example
 * await manualSignal(ctx, req, 'KT', commandId, 'barrier lifted by hand');
 */
export async function manualSignal(ctx: ApiContext, req: Request, gate: string, commandId: string, note: string | undefined): Promise<SignalCommandView> {
  const row = await ctx.db.signalCommand.findFirst({ where: { id: commandId, gateCode: gate } });
  if (!row) throw AppError.worded('NOT_FOUND', REFUSALS.signalCommandNotFound, 'commandId');
  if (row.status !== 'failed') throw AppError.worded('CONFLICT', REFUSALS.signalCommandNotFailed(row.status), 'commandId');
  const done = await auditedWrite<CommandRow>(
    ctx.db,
    req,
    (r) => ({
      action: 'signal.manual', targetType: 'signal-command', targetId: r.id, gateCode: gate,
      detail: { deviceId: r.deviceId, action: r.action, tripId: r.tripId, plate: r.plate, failure: r.failure, note: note ?? null },
    }),
    async (tx) => {
      // Only a failed command moves: two operators pressing at once make one audited act (the other a 409).
      const moved = await tx.signalCommand.updateMany({ where: { id: row.id, status: 'failed' }, data: { status: 'manual', resolvedById: principalOf(req).id, doneAt: new Date() } });
      if (moved.count === 0) throw AppError.worded('CONFLICT', REFUSALS.signalCommandNotFailed('manual'), 'commandId');
      await closeAlert(tx, row);
      return tx.signalCommand.findUniqueOrThrow({ where: { id: row.id } });
    },
  );
  return signalCommandView(done);
}
