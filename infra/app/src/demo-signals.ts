/**
 * The demo's barrier and lane lights (issue 17): at each start, the yard exit barrier and one light per
 * lane of the Kim Thành gate are registered afresh (a device key is shown once, so last run's demo
 * devices are revoked) and simulated over the platform's MQTT broker, with a 2 % no-ack rate so the
 * board shows now and then a command to do by hand.
 */
import { newDeviceKey, type Platform } from '@borderflow/api';
import { createRandom, SimulatedSignal } from '@borderflow/traffic';

const GATE = 'KT';
const DEMO_NAME = 'Demo ·';

/**
 * @example
 * const signals = await startDemoSignals(platform);
 * await signals?.stop();
 */
export async function startDemoSignals(platform: Platform): Promise<{ stop(): Promise<void> } | null> {
  if (!platform.mqttUrl) return null;
  const db = platform.db.prisma;
  const admin = await db.user.findFirst({ where: { role: 'admin' }, orderBy: { createdAt: 'asc' } });
  if (!admin) return null;
  await db.device.updateMany({ where: { gateCode: GATE, name: { startsWith: DEMO_NAME }, revokedAt: null }, data: { revokedAt: new Date() } });
  const lanes = await db.lane.findMany({ where: { gate: { code: GATE } }, orderBy: { code: 'asc' } });
  const specs = [
    { kind: 'barrier', position: 'yard-exit', laneCode: null, name: `${DEMO_NAME} yard exit barrier` },
    ...lanes.map((l) => ({ kind: 'signal', position: 'lane', laneCode: l.code, name: `${DEMO_NAME} ${l.code} light` })),
  ];
  const rnd = createRandom();
  const devices: SimulatedSignal[] = [];
  for (const spec of specs) {
    const fresh = newDeviceKey();
    const row = await db.device.create({ data: { gateCode: GATE, ...spec, prefix: fresh.prefix, secretHash: fresh.secretHash, createdById: admin.id } });
    devices.push(await SimulatedSignal.connect({ mqttUrl: platform.mqttUrl, gate: GATE, deviceId: row.id, key: fresh.key, rnd, noAckRate: 0.02, latencyMs: [50, 400] }));
  }
  return { stop: async () => void (await Promise.all(devices.map((d) => d.close()))) };
}
