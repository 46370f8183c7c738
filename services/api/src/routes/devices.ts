/**
 * Gate devices (issue 17):
 *   POST /v1/devices/events, …/hikvision, …/hikvision-isapi (XML), …/dahua
 *                                                           a device pushes (its key in X-Device-Key)
 *   GET  /v1/gates/:gate/plate-confirmations, POST …/:id    operators decide doubtful reads
 *   GET  /v1/gates/:gate/devices                            device health and open alerts
 *   GET/POST /v1/admin/devices, DELETE …/:deviceId          the admin's device registry and keys
 */
import express from 'express';
import { ROUTES, type Device, type PlateCandidateTrip, type PlateConfirmation } from '@borderflow/contracts';
import type { Prisma } from '@borderflow/db';
import type { ApiRouter } from '../http/api-router.ts';
import { schedulerOf, type ApiContext } from '../context.ts';
import { AppError } from '../app-error.ts';
import { REFUSALS } from '../http/refusal-words.ts';
import { principalOf } from '../auth/require-auth.ts';
import { DEVICE_KEY_PREFIX, newDeviceKey } from '../auth/device-keys.ts';
import { auditedWrite, recordRequestAudit, type AuditAction } from '../audit/audit-log.ts';
import { receiveDeviceMessage } from '../devices/device-gateway.ts';
import { decideConfirmation } from '../devices/plate-reads.ts';
import { gateDeviceHealth } from '../devices/device-health.ts';

type DeviceRow = Prisma.DeviceGetPayload<object>;
type ConfirmationRow = Prisma.PlateConfirmationGetPayload<object>;

function deviceView(d: DeviceRow): Device {
  return {
    id: d.id,
    gate: d.gateCode,
    name: d.name,
    kind: d.kind as Device['kind'],
    position: d.position as Device['position'],
    laneId: d.laneCode,
    prefix: `${DEVICE_KEY_PREFIX}${d.prefix}`,
    createdAt: d.createdAt.toISOString(),
    lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
  };
}

export function confirmationView(c: ConfirmationRow): PlateConfirmation {
  return {
    id: c.id,
    gate: c.gateCode,
    deviceId: c.deviceId,
    readPlate: c.readPlate,
    confidence: c.confidence,
    imageRef: c.imageRef,
    candidates: c.candidates as unknown as PlateCandidateTrip[],
    status: c.status as PlateConfirmation['status'],
    tripId: c.tripId,
    createdAt: c.createdAt.toISOString(),
  };
}

/** What the audit says of a device: where it stands and its key prefix, never its secret. */
const deviceEntry = (action: AuditAction) => (row: DeviceRow) => ({
    action, targetType: 'device', targetId: row.id, gateCode: row.gateCode,
    detail: { name: row.name, prefix: row.prefix, position: row.position, laneId: row.laneCode },
  });

/** The body as text for the gateway (it logs it raw before parsing); 64 KiB like every JSON body. */
const rawBody = express.text({ type: () => true, limit: '64kb' });

/** The push routes alone: what the separate device gateway process serves (devices/gateway-app.ts). */
export function devicePushRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.pushDeviceEvent, { permission: 'device.push', before: [rawBody], handler: ({ req }) => receiveDeviceMessage(ctx, req, 'generic') });
  api.route(ROUTES.pushHikvisionEvent, { permission: 'device.push', before: [rawBody], handler: ({ req }) => receiveDeviceMessage(ctx, req, 'hikvision') });
  api.route(ROUTES.pushHikvisionIsapiEvent, { permission: 'device.push', before: [rawBody], handler: ({ req }) => receiveDeviceMessage(ctx, req, 'hikvision-xml') });
  api.route(ROUTES.pushDahuaEvent, { permission: 'device.push', before: [rawBody], handler: ({ req }) => receiveDeviceMessage(ctx, req, 'dahua') });
}

export function deviceRoutes(api: ApiRouter, ctx: ApiContext): void {
  devicePushRoutes(api, ctx);

  api.route(ROUTES.listPlateConfirmations, {
    permission: 'device.plate-confirmations',
    handler: async ({ params }) => {
      schedulerOf(ctx, params.gate);
      const rows = await ctx.db.plateConfirmation.findMany({ where: { gateCode: params.gate, status: 'pending' }, orderBy: { createdAt: 'asc' }, take: 200 });
      return { confirmations: rows.map(confirmationView) };
    },
  });

  api.route(ROUTES.decidePlateConfirmation, {
    permission: 'device.plate-confirm',
    handler: async ({ params, body, req }) => {
      schedulerOf(ctx, params.gate);
      const row = await decideConfirmation(ctx, principalOf(req), params.gate, params.confirmationId, body, req);
      await recordRequestAudit(ctx.db, req, {
        action: 'device.plate-confirm', targetType: 'plate-confirmation', targetId: row.id, gateCode: params.gate,
        detail: { decision: body.decision, tripId: row.tripId, readPlate: row.readPlate },
      });
      return confirmationView(row);
    },
  });

  api.route(ROUTES.gateDeviceHealth, {
    permission: 'device.health',
    handler: ({ params }) => {
      schedulerOf(ctx, params.gate);
      return gateDeviceHealth(ctx, params.gate);
    },
  });

  api.route(ROUTES.listDevices, {
    permission: 'device.list',
    handler: async () => {
      const rows = await ctx.db.device.findMany({ where: { revokedAt: null }, orderBy: { createdAt: 'asc' } });
      return { devices: rows.map(deviceView) };
    },
  });

  api.route(ROUTES.createDevice, {
    permission: 'device.create',
    handler: async ({ body, req }) => {
      schedulerOf(ctx, body.gate);
      if (body.laneId !== undefined) {
        const lane = await ctx.db.lane.findFirst({ where: { code: body.laneId, gate: { code: body.gate } } });
        if (!lane) throw AppError.worded('NOT_FOUND', REFUSALS.laneNotAtGate(body.gate, body.laneId), 'laneId');
      }
      const fresh = newDeviceKey();
      const row = await auditedWrite(ctx.db, req, deviceEntry('device.create'), (tx) => tx.device.create({
        data: {
          gateCode: body.gate, name: body.name, kind: body.kind, position: body.position, laneCode: body.laneId ?? null,
          prefix: fresh.prefix, secretHash: fresh.secretHash, createdById: principalOf(req).id,
        },
      }));
      return { ...deviceView(row), key: fresh.key };
    },
  });

  api.route(ROUTES.revokeDevice, {
    permission: 'device.revoke',
    handler: async ({ params, req }) => {
      const row = await ctx.db.device.findFirst({ where: { id: params.deviceId, revokedAt: null } });
      if (!row) throw AppError.worded('NOT_FOUND', REFUSALS.deviceNotFound, 'deviceId');
      await auditedWrite(ctx.db, req, deviceEntry('device.revoke'), (tx) => tx.device.update({ where: { id: row.id }, data: { revokedAt: new Date() } }));
      return undefined;
    },
  });
}
