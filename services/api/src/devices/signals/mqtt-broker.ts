/**
 * The embedded MQTT broker (aedes) the demo and the tests use when no MQTT_URL names a real one
 * (Mosquitto). It listens on loopback and checks who connects and what they may touch:
 *   - the platform signs in with a secret made at start (username `borderflow-platform`);
 *   - a barrier or light signs in with its device id as username and its device key as password
 *     (issued by an admin like a camera's), and may only read its own command topic and publish on
 *     its own ack topic: a device cannot acknowledge, or see, another device's commands.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import { ackTopic, commandTopic } from '@borderflow/contracts';
import type { PrismaClient } from '@borderflow/db';
import { authenticateDevice } from '../../auth/device-keys.ts';

export const PLATFORM_MQTT_USER = 'borderflow-platform';

export interface EmbeddedBroker {
  url: string;
  /** What the platform's own client signs in with. */
  username: string;
  password: string;
  close(): Promise<void>;
}

/** Which device a connected client is (set at sign-in), or the platform. */
type Who = { platform: true } | { platform: false; gate: string; deviceId: string };

/**
 * @example
 * const broker = await startEmbeddedBroker(db, { port: 0 });
 * broker.url; // 'mqtt://127.0.0.1:40123'
 */
export async function startEmbeddedBroker(db: PrismaClient, { host = '127.0.0.1', port = 0 }: { host?: string; port?: number } = {}): Promise<EmbeddedBroker> {
  const password = randomBytes(24).toString('base64url');
  const broker = await Aedes.createBroker();
  const who = new WeakMap<object, Who>();
  broker.authenticate = (client, username, pass, done) => {
    const secret = pass?.toString('utf8');
    if (username === PLATFORM_MQTT_USER && secret === password) {
      who.set(client, { platform: true });
      return done(null, true);
    }
    void authenticateDevice(db, secret).then(
      (auth) => {
        const ok = auth.ok && auth.device.id === username && (auth.device.kind === 'barrier' || auth.device.kind === 'signal');
        if (ok) who.set(client, { platform: false, gate: auth.device.gateCode, deviceId: auth.device.id });
        done(null, ok);
      },
      () => done(null, false),
    );
  };
  broker.authorizePublish = (client, packet, done) => {
    const w = client ? who.get(client) : undefined;
    if (w?.platform) return done(null);
    if (w && packet.topic === ackTopic(w.gate, w.deviceId)) return done(null);
    done(new Error('not your topic'));
  };
  broker.authorizeSubscribe = (client, sub, done) => {
    const w = who.get(client);
    if (w?.platform || (w && sub.topic === commandTopic(w.gate, w.deviceId))) return done(null, sub);
    // Refused (granted QoS 128), the connection stays: a misconfigured device is told, not cut off.
    done(null, null);
  };
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const url = `mqtt://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    username: PLATFORM_MQTT_USER,
    password,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
