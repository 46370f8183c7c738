/**
 * The demo's yard entrance camera: the feeder's trucks pass it, so the console shows camera check-ins,
 * doubtful reads waiting in the confirmation queue, and the device's health. An admin account registers
 * it when the feeder starts (revoking the camera an earlier run left, so one key is live); the yard
 * operator works the doubtful reads after a while, as a person at the gate would.
 */
import { ROUTES } from '@borderflow/client';
import type { ApiClient } from '../api-client.ts';
import type { Random } from '../random.ts';
import { SimulatedCamera } from './camera.ts';

export const DEMO_CAMERA_NAME = 'Demo yard entrance camera';

/** What became of a truck at the camera. */
export type CameraPass = 'checked_in' | 'queued' | 'by_hand';

export interface EntranceCameraOptions {
  /** Where the camera pushes (the device gateway's port, or the API's push routes). */
  url: string;
  gate: string;
  admin: ApiClient;
  operator: ApiClient;
  rnd: Random;
  misreadRate?: number;
  noReadRate?: number;
}

/**
 * @example
 * const camera = await startEntranceCamera({ url, gate: 'KT', admin, operator, rnd });
 * const pass = await camera.pass('29C-123.45'); // 'checked_in' | 'queued' | 'by_hand'
 */
export async function startEntranceCamera(options: EntranceCameraOptions) {
  const admin = await options.admin.signedIn();
  const { devices } = await admin.call(ROUTES.listDevices, {});
  for (const old of devices.filter((d) => d.gate === options.gate && d.name === DEMO_CAMERA_NAME)) {
    await admin.call(ROUTES.revokeDevice, { params: { deviceId: old.id } });
  }
  const device = await admin.call(ROUTES.createDevice, { body: { gate: options.gate, name: DEMO_CAMERA_NAME, kind: 'anpr', position: 'yard-entrance' } });
  const camera = new SimulatedCamera({
    url: options.url, key: device.key, rnd: options.rnd, name: 'demo-cam-in',
    misreadRate: options.misreadRate ?? 0.05, noReadRate: options.noReadRate ?? 0.02,
  });
  return {
    deviceId: device.id,
    /** The camera's periodic heartbeat (a camera that says nothing is reported silent). */
    heartbeat: () => camera.heartbeat(),
    /** A truck drives past: checked in by the camera, queued for a person, or to be checked in by hand (a no-read, a refused push). */
    async pass(plate: string): Promise<{ outcome: CameraPass; confirmationId: string | null }> {
      const { answer } = await camera.see(plate);
      if (answer.status !== 200) return { outcome: 'by_hand', confirmationId: null };
      if (answer.body.outcome === 'checked_in' || answer.body.outcome === 'duplicate') return { outcome: 'checked_in', confirmationId: null };
      if (answer.body.confirmationId) return { outcome: 'queued', confirmationId: answer.body.confirmationId };
      return { outcome: 'by_hand', confirmationId: null };
    },
    /**
     * The operator's look at one doubtful read of the truck with this trip: the right candidate is
     * checked in, else the read is dismissed and the truck checked in by hand. False when the read
     * was already decided (fused with another read, or another operator).
     */
    async decide(confirmationId: string, tripId: string): Promise<'confirmed' | 'dismissed' | 'gone'> {
      const client = await options.operator.signedIn();
      const { confirmations } = await client.call(ROUTES.listPlateConfirmations, { params: { gate: options.gate } });
      const pending = confirmations.find((c) => c.id === confirmationId);
      if (!pending) return 'gone';
      const right = pending.candidates.some((c) => c.tripId === tripId);
      await client.call(ROUTES.decidePlateConfirmation, {
        params: { gate: options.gate, confirmationId },
        body: right ? { decision: 'check_in', tripId } : { decision: 'dismiss' },
      });
      return right ? 'confirmed' : 'dismissed';
    },
  };
}

export type EntranceCamera = Awaited<ReturnType<typeof startEntranceCamera>>;
