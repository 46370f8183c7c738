/**
 * Simulated barriers and lane signal lights (issue 17): each signs in to the gate's MQTT broker with
 * its device id and key, listens on its own command topic and acknowledges each command on its ack
 * topic after a latency — unless it fails: `noAckRate` of commands are never answered (a controller
 * that hung, a lost radio link), `failureRate` are answered `ok: false` (a jammed arm). Seeded: a run
 * replays. A resent command (same id) is answered again without moving twice.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { ackTopic, commandTopic, type SignalAck, type SignalAction, type SignalCommand } from '@borderflow/contracts';
import type { Random } from '../random.ts';

export interface SimulatedSignalOptions {
  mqttUrl: string;
  gate: string;
  deviceId: string;
  /** The device key an admin issued (bfv_…): the broker's password for this device. */
  key: string;
  rnd: Random;
  /** Share of commands never acknowledged. */
  noAckRate?: number;
  /** Share of commands refused (`ok: false`). */
  failureRate?: number;
  /** Delay before the ack, ms [min, max]. */
  latencyMs?: readonly [number, number];
}

/**
 * @example
 * const barrier = await SimulatedSignal.connect({ mqttUrl, gate: 'KT', deviceId, key, rnd: createRandom(3), noAckRate: 0.05 });
 * barrier.state; // 'open' after an acknowledged open
 * await barrier.close();
 */
export class SimulatedSignal {
  state: SignalAction | null = null;
  readonly received: SignalCommand[] = [];
  /** What this device decided for each command id (a resend gets the same fate). */
  private readonly fate = new Map<string, 'ack' | 'refuse' | 'silent'>();

  private constructor(private readonly client: MqttClient, private readonly options: SimulatedSignalOptions) {}

  static async connect(options: SimulatedSignalOptions): Promise<SimulatedSignal> {
    const client = await mqtt.connectAsync(options.mqttUrl, { username: options.deviceId, password: options.key, reconnectPeriod: 1000 });
    const device = new SimulatedSignal(client, options);
    client.on('message', (_topic, payload) => void device.onCommand(payload));
    await client.subscribeAsync(commandTopic(options.gate, options.deviceId), { qos: 1 });
    return device;
  }

  private async onCommand(payload: Buffer): Promise<void> {
    let command: SignalCommand;
    try {
      command = JSON.parse(payload.toString('utf8')) as SignalCommand;
    } catch {
      return;
    }
    this.received.push(command);
    const { rnd } = this.options;
    let fate = this.fate.get(command.commandId);
    if (!fate) {
      fate = rnd.chance(this.options.noAckRate ?? 0) ? 'silent' : rnd.chance(this.options.failureRate ?? 0) ? 'refuse' : 'ack';
      this.fate.set(command.commandId, fate);
    }
    if (fate === 'silent') return;
    const [min, max] = this.options.latencyMs ?? [0, 0];
    if (max > 0) await new Promise((r) => setTimeout(r, rnd.between(min, max)));
    const ack: SignalAck = fate === 'ack' ? { commandId: command.commandId, ok: true, state: command.action } : { commandId: command.commandId, ok: false, error: 'arm jammed' };
    if (fate === 'ack') this.state = command.action;
    this.client.publish(ackTopic(this.options.gate, this.options.deviceId), JSON.stringify(ack), { qos: 1 });
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
