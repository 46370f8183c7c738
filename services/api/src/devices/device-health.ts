/**
 * Device health for the operator console: per device its last message, reads and the share that went
 * to a person in the last hour, and errors (refused messages plus what the device reports). A device
 * silent for longer than the limit raises a `device_silent` alert (sweepSilentDevices, run on a timer
 * and on every health read); its next message closes it. Alerts go live to the gate's room.
 */
import type { DeviceAlert, DeviceHealth, GateDeviceHealth } from '@borderflow/contracts';
import type { ApiContext } from '../context.ts';
import type { DeviceRow } from '../auth/device-keys.ts';

/** A camera sends a heartbeat every 30 s; three missed in a row is silence. */
export const DEVICE_SILENT_AFTER_MS = Number(process.env.DEVICE_SILENT_AFTER_MS ?? 90_000);
const HOUR_MS = 3600_000;
/**
 * Devices that push to the gateway and heartbeat: their silence is an alert. A barrier or a light only
 * answers commands; its failure to answer is the `no_ack` alert instead (devices/signals).
 */
const PUSHING_KINDS = ['anpr', 'weighbridge'];
const DOUBTFUL: readonly string[] = ['confirm_queued', 'unmatched', 'no_read'];
const READS: readonly string[] = [...DOUBTFUL, 'checked_in', 'lane_confirmed', 'wrong_truck'];

type AlertRow = { id: string; deviceId: string; kind: string; detail: unknown; createdAt: Date };

function alertView(a: AlertRow): DeviceAlert {
  return { id: a.id, deviceId: a.deviceId, kind: a.kind as DeviceAlert['kind'], detail: a.detail as Record<string, unknown>, createdAt: a.createdAt.toISOString() };
}

/**
 * Stores an alert and pushes it to the gate's live room (when this process serves one).
 *
 * @example
 * await raiseAlert(ctx, device, 'wrong_truck', { laneId, readPlate });
 */
export async function raiseAlert(ctx: ApiContext, device: Pick<DeviceRow, 'id' | 'gateCode'>, kind: DeviceAlert['kind'], detail: Record<string, unknown>): Promise<DeviceAlert> {
  const row = await ctx.db.deviceAlert.create({ data: { gateCode: device.gateCode, deviceId: device.id, kind, detail: detail as object } });
  const alert = alertView(row);
  ctx.logger.warn({ deviceId: device.id, gate: device.gateCode, kind }, 'device alert');
  ctx.onDeviceAlert?.(device.gateCode, alert);
  return alert;
}

/** A device heard from again after a silence: its silence alert is closed. */
export async function resolveSilence(ctx: ApiContext, device: DeviceRow, lastSeenMs: number, now: number): Promise<void> {
  if (now - lastSeenMs < DEVICE_SILENT_AFTER_MS) return;
  await ctx.db.deviceAlert.updateMany({ where: { deviceId: device.id, kind: 'device_silent', resolvedAt: null }, data: { resolvedAt: new Date(now) } });
}

/**
 * Raises one `device_silent` alert per live device of the gate not heard from within the limit (a
 * device never heard from counts from its registration). Returns the alerts raised now.
 *
 * @example
 * setInterval(() => sweepSilentDevices(ctx, 'KT'), 30_000);
 */
export async function sweepSilentDevices(ctx: ApiContext, gate: string, now = Date.now(), silentAfterMs = DEVICE_SILENT_AFTER_MS): Promise<DeviceAlert[]> {
  const devices = await ctx.db.device.findMany({ where: { gateCode: gate, revokedAt: null, kind: { in: PUSHING_KINDS } } });
  const open = new Set(
    (await ctx.db.deviceAlert.findMany({ where: { gateCode: gate, kind: 'device_silent', resolvedAt: null }, select: { deviceId: true } })).map((a) => a.deviceId),
  );
  const raised: DeviceAlert[] = [];
  for (const d of devices) {
    const last = (d.lastSeenAt ?? d.createdAt).getTime();
    if (now - last < silentAfterMs || open.has(d.id)) continue;
    raised.push(await raiseAlert(ctx, d, 'device_silent', { name: d.name, lastSeenAt: d.lastSeenAt?.toISOString() ?? null, silentForS: Math.round((now - last) / 1000) }));
  }
  return raised;
}

/**
 * @example
 * const health = await gateDeviceHealth(ctx, 'KT');
 */
export async function gateDeviceHealth(ctx: ApiContext, gate: string, now = Date.now()): Promise<GateDeviceHealth> {
  await sweepSilentDevices(ctx, gate, now);
  const since = new Date(now - HOUR_MS);
  const devices = await ctx.db.device.findMany({ where: { gateCode: gate, revokedAt: null }, orderBy: { createdAt: 'asc' } });
  const counts = await ctx.db.deviceMessage.groupBy({
    by: ['deviceId', 'status', 'outcome'],
    where: { gateCode: gate, receivedAt: { gte: since } },
    _count: { _all: true },
  });
  const reported = await ctx.db.deviceMessage.findMany({
    where: { gateCode: gate, receivedAt: { gte: since }, outcome: 'heartbeat', reason: { startsWith: 'device_errors:' } },
    select: { deviceId: true, reason: true },
  });
  const alerts = await ctx.db.deviceAlert.findMany({ where: { gateCode: gate, resolvedAt: null }, orderBy: { createdAt: 'desc' }, take: 100 });
  return {
    gate,
    devices: devices.map((d) => {
      const mine = counts.filter((c) => c.deviceId === d.id);
      const sum = (pick: (c: (typeof mine)[number]) => boolean) => mine.filter(pick).reduce((n, c) => n + c._count._all, 0);
      const reads = sum((c) => c.status === 'accepted' && READS.includes(c.outcome ?? ''));
      const doubtful = sum((c) => c.status === 'accepted' && DOUBTFUL.includes(c.outcome ?? ''));
      const ownErrors = reported.filter((r) => r.deviceId === d.id).reduce((n, r) => n + Number(r.reason!.slice('device_errors:'.length)), 0);
      const last = (d.lastSeenAt ?? d.createdAt).getTime();
      return {
        id: d.id,
        name: d.name,
        kind: d.kind as DeviceHealth['kind'],
        position: d.position as DeviceHealth['position'],
        laneId: d.laneCode,
        lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
        silent: PUSHING_KINDS.includes(d.kind) && now - last >= DEVICE_SILENT_AFTER_MS,
        readsLastHour: reads,
        doubtfulShare: reads === 0 ? 0 : Math.round((doubtful / reads) * 1000) / 1000,
        errorsLastHour: sum((c) => c.status === 'rejected') + ownErrors,
      };
    }),
    alerts: alerts.map(alertView),
  };
}
