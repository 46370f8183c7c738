/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * Barriers and lights over a real MQTT broker (the embedded aedes one on loopback) against the real
 * platform: registered lights and the yard exit barrier sign in with their device keys; a call-up turns
 * the lane's light green and the light's ack is recorded; the exit barrier that never acknowledges is
 * sent the same command again, then raises a live `no_ack` alert; an operator acts by hand (audited)
 * and the alert closes. A device cannot sign in with another's key. Commands a stopped process left
 * unacknowledged are taken up by the next one: the current one is sent again (same id) and acked, an
 * older one to the same device is superseded, a stale one is shown unacknowledged with an alert.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { LIVE_EVENTS, ackTopic, commandTopic, normalisePlate, type DeviceAlertMessage, type SignalCommand } from '@borderflow/contracts';
import { startTestApi, testApiContext, type TestApi } from '../../testing/test-api.ts';
import { createLogger } from '../../logger.ts';
import { startSignalAdapter } from './signal-commands.ts';
import { startEmbeddedBroker } from './mqtt-broker.ts';
import { tripRequest, uniquePlate } from '../../testing/trip-fixtures.ts';

/** Long enough for an ack on a loaded CI machine; the barrier in this test never answers anyway. */
const ACK_TIMEOUT_MS = 1500;
let t: TestApi;
let admin: string;
let operator: string;

interface FieldDevice {
  id: string;
  key: string;
  client: MqttClient;
  received: SignalCommand[];
}

/** A barrier or light in the field: registered by an admin, signed in to the broker, acking when told to. */
async function fieldDevice(body: Record<string, unknown>, acks: boolean): Promise<FieldDevice> {
  const r = await t.call('POST', '/v1/admin/devices', { token: admin, body: { gate: 'KT', name: `${String(body.kind)} ${String(body.laneId ?? 'exit')}`, ...body } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const client = await mqtt.connectAsync(t.platform.mqttUrl!, { username: r.body.id, password: r.body.key, reconnectPeriod: 0 });
  const received: SignalCommand[] = [];
  await client.subscribeAsync(commandTopic('KT', r.body.id), { qos: 1 });
  client.on('message', (_topic, payload) => {
    const command = JSON.parse(payload.toString()) as SignalCommand;
    received.push(command);
    if (acks) client.publish(ackTopic('KT', r.body.id), JSON.stringify({ commandId: command.commandId, ok: true, state: command.action }), { qos: 1 });
  });
  return { id: r.body.id, key: r.body.key, client, received };
}

const devices: FieldDevice[] = [];
let barrier: FieldDevice;

beforeAll(async () => {
  t = await startTestApi({ signals: { ackTimeoutMs: ACK_TIMEOUT_MS, attempts: 2 }, timerIntervalMs: 100 });
  [admin, operator] = [await t.token('admin1'), await t.token('operator1')];
  const current = (await t.call('GET', '/v1/gates/KT/policy')).body.policy;
  // Crossing unpaced: a cleared truck crosses (and the barrier opens) on the next timer tick.
  await t.call('PUT', '/v1/gates/KT/policy', { token: admin, body: { ...current, crossCapPerHour: { exit: 0, entry: 0 } } });
  const lanes = (await t.call('GET', '/v1/gates/KT/lanes', { token: operator })).body.lanes as Array<{ id: string }>;
  for (const lane of lanes) devices.push(await fieldDevice({ kind: 'signal', position: 'lane', laneId: lane.id }, true));
  barrier = await fieldDevice({ kind: 'barrier', position: 'yard-exit' }, false);
  devices.push(barrier);
}, 120_000);
afterAll(async () => {
  await Promise.all(devices.map((d) => d.client.endAsync()));
  await t?.close();
});

const op = async (path: string, body: Record<string, unknown>) => {
  const r = await t.call('POST', `/v1/gates/KT${path}`, { token: operator, body });
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
};
const tripOf = async (id: string) => (await t.call('GET', `/v1/trips/${id}`, { token: operator })).body;

describe('barriers and lights', () => {
  it('a call-up turns the lane light green (acknowledged); a barrier that never answers is retried, then alerts; an operator opens it by hand', async () => {
    const plate = uniquePlate();
    const reg = await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: tripRequest({ vehicle: { plate } }) });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const tripId: string = reg.body.id;
    const socket = await t.socket(operator);
    const alerts: DeviceAlertMessage[] = [];
    socket.on(LIVE_EVENTS.deviceAlert, (a: DeviceAlertMessage) => alerts.push(a));
    expect((await socket.emitWithAck('subscribe', { gate: 'KT' })).ok).toBe(true);
    await op('/check-ins', { plate });

    let laneId = '';
    await expect.poll(async () => {
      const now = await tripOf(tripId);
      laneId = now.laneId ?? '';
      return now.state;
    }, { timeout: 20_000 }).toBe('called');
    const light = devices[(await t.call('GET', '/v1/gates/KT/lanes', { token: operator })).body.lanes.findIndex((l: any) => l.id === laneId)]!;
    await expect.poll(async () => {
      const board = (await t.call('GET', '/v1/gates/KT/signals', { token: operator })).body;
      const mine = board.devices.find((d: any) => d.deviceId === light.id);
      return [mine?.state, mine?.latest?.status, mine?.latest?.tripId];
    }, { timeout: 10_000 }).toEqual(['green', 'acked', tripId]);
    expect(light.received.find((c) => c.action === 'green')).toMatchObject({ tripId, attempt: 1 });

    // Through its stages until it crosses: the exit barrier is told to open for it.
    for (let step = 0; step < 50; step++) {
      const now = await tripOf(tripId);
      if (now.state === 'crossed') break;
      if (now.state === 'called') {
        await op(`/lanes/${now.laneId}/arrive`, { tripId });
        await op(`/lanes/${now.laneId}/start`, { tripId });
        await op(`/lanes/${now.laneId}/complete`, { tripId, outcome: 'cleared' });
      } else {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    expect((await tripOf(tripId)).state).toBe('crossed');
    // The lane's light went red behind the truck once it arrived.
    await expect.poll(() => light.received.some((c) => c.action === 'red')).toBe(true);

    // Sent twice with the same command id, then given up on: a live alert.
    await expect.poll(() => alerts.find((a) => a.kind === 'no_ack' && a.deviceId === barrier.id), { timeout: 15_000 }).toBeTruthy();
    // Every light answered: the barrier's is the only alert.
    expect(alerts.filter((a) => a.kind === 'no_ack').map((a) => a.deviceId)).toEqual([barrier.id]);
    const alert = alerts.find((a) => a.kind === 'no_ack')!;
    expect(alert.detail).toMatchObject({ action: 'open', tripId, plate: normalisePlate(plate), attempts: 2, failure: 'no_ack' });
    expect(barrier.received.map((c) => [c.commandId, c.attempt])).toEqual([[alert.detail.commandId, 1], [alert.detail.commandId, 2]]);
    const board = (await t.call('GET', '/v1/gates/KT/signals', { token: operator })).body;
    expect(board.unconfirmed).toEqual([expect.objectContaining({ commandId: alert.detail.commandId, deviceId: barrier.id, status: 'failed', failure: 'no_ack' })]);
    expect((await t.call('GET', '/v1/gates/KT/devices', { token: operator })).body.alerts.some((a: any) => a.id === alert.id)).toBe(true);

    // A manager sees it but does not act; an operator does, once.
    const path = `/v1/gates/KT/signals/${String(alert.detail.commandId)}/manual`;
    expect((await t.call('POST', path, { token: await t.token('manager1'), body: {} })).status).toBe(403);
    const manual = await t.call('POST', path, { token: operator, body: { note: 'lifted by hand' } });
    expect(manual.status, JSON.stringify(manual.body)).toBe(200);
    expect(manual.body).toMatchObject({ status: 'manual', action: 'open' });
    const again = await t.call('POST', path, { token: operator, body: {}, headers: { 'accept-language': 'vi' } });
    expect(again.status).toBe(409);
    expect(again.body.error.field).toBe('commandId');
    const after = (await t.call('GET', '/v1/gates/KT/signals', { token: operator })).body;
    expect(after.unconfirmed).toEqual([]);
    expect(after.devices.find((d: any) => d.deviceId === barrier.id).state).toBe('open');
    expect((await t.call('GET', '/v1/gates/KT/devices', { token: operator })).body.alerts.some((a: any) => a.id === alert.id)).toBe(false);
    const audit = await t.db.prisma.auditEntry.findFirst({ where: { action: 'signal.manual', targetId: String(alert.detail.commandId) } });
    expect(audit?.detail).toMatchObject({ note: 'lifted by hand', tripId });
    socket.disconnect();
  }, 90_000);

  it("a device signs in only with its own key, and cannot listen to another's commands", async () => {
    const light = devices[0]!;
    await expect(mqtt.connectAsync(t.platform.mqttUrl!, { username: barrier.id, password: light.key, reconnectPeriod: 0 })).rejects.toThrow();
    await expect(mqtt.connectAsync(t.platform.mqttUrl!, { username: light.id, password: 'bfv_0000000000000000_nope', reconnectPeriod: 0 })).rejects.toThrow();
    // The broker refuses (granted QoS 128) a light listening to the barrier's commands.
    await expect(light.client.subscribeAsync(commandTopic('KT', barrier.id), { qos: 1 })).rejects.toThrow(/Subscribe error/);
  });

  it('a restarted adapter sends again what was left unacknowledged, and shows a stale command to the operator instead', async () => {
    const light = devices[0]!;
    const sentBefore = (deviceId: string, action: string, agoMs: number, cause: string) => t.db.prisma.signalCommand.create({
      data: { gateCode: 'KT', deviceId, action, tripId: null, plate: null, cause, status: 'sent', attempts: 1, createdAt: new Date(Date.now() - agoMs) },
    });
    // As a process stopped before the acks came would leave them: still `sent`, no timer anywhere.
    const older = await sentBefore(light.id, 'green', 5_000, 'restart-test#1');
    const current = await sentBefore(light.id, 'red', 2_000, 'restart-test#2');
    const stale = await sentBefore(barrier.id, 'close', 10 * 60_000, 'restart-test#3');

    // The restarted process: its own broker (as after a whole restart), the light signed in to it again.
    const broker = await startEmbeddedBroker(t.db.prisma, { port: 0 });
    const received: SignalCommand[] = [];
    const lightAgain = await mqtt.connectAsync(broker.url, { username: light.id, password: light.key, reconnectPeriod: 0 });
    await lightAgain.subscribeAsync(commandTopic('KT', light.id), { qos: 1 });
    lightAgain.on('message', (_topic, payload) => {
      const command = JSON.parse(payload.toString()) as SignalCommand;
      received.push(command);
      lightAgain.publish(ackTopic('KT', light.id), JSON.stringify({ commandId: command.commandId, ok: true, state: command.action }), { qos: 1 });
    });
    const restarted = await startSignalAdapter(testApiContext(t), {
      mqttUrl: broker.url, username: broker.username, password: broker.password, ackTimeoutMs: ACK_TIMEOUT_MS, attempts: 2,
    }, 'restarted', createLogger({ LOG_LEVEL: 'silent' }));
    try {
      // The current command reaches the light again under its own id, and its ack is recorded.
      await expect.poll(() => received.map((c) => [c.commandId, c.attempt]), { timeout: 10_000 }).toEqual([[current.id, 2]]);
      await expect.poll(async () => (await t.db.prisma.signalCommand.findUniqueOrThrow({ where: { id: current.id } })).status, { timeout: 10_000 }).toBe('acked');
      expect((await t.db.prisma.signalCommand.findUniqueOrThrow({ where: { id: older.id } })).status).toBe('superseded');
      // The stale one is not sent again (the barrier would open for nobody) but shown unacknowledged, with an alert.
      expect(await t.db.prisma.signalCommand.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({ status: 'failed', failure: 'no_ack_before_restart', attempts: 1 });
      const board = (await t.call('GET', '/v1/gates/KT/signals', { token: operator })).body;
      expect(board.unconfirmed).toEqual(expect.arrayContaining([expect.objectContaining({ commandId: stale.id, deviceId: barrier.id, status: 'failed', failure: 'no_ack_before_restart' })]));
      const alerts = (await t.call('GET', '/v1/gates/KT/devices', { token: operator })).body.alerts;
      expect(alerts.some((a: any) => a.kind === 'no_ack' && a.detail.commandId === stale.id)).toBe(true);
    } finally {
      await restarted.stop();
      await lightAgain.endAsync();
      await broker.close();
    }
  }, 60_000);
});
