/**
 * /v1/vehicles/:plate — vehicles belong to companies. The owner's users (and
 * administrators) authorise other companies to use a vehicle and revoke that;
 * an administrator resolves a disputed plate. Plates in paths are normalised
 * like every plate (`24C-123.45` and `24C12345` name the same vehicle).
 */
import { ROUTES } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { principalOf } from '../auth/require-auth.ts';
import { clientIp } from '../audit/audit-log.ts';
import {
  authoriseVehicle,
  readVehicle,
  resolveVehicleDispute,
  revokeVehicle,
} from '../vehicles/vehicle-authorisations.ts';

export function vehicleRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.readVehicle, {
    permission: 'vehicle.read',
    handler: ({ params, req }) => readVehicle(ctx.db, principalOf(req), params.plate),
  });

  api.route(ROUTES.authoriseVehicle, {
    permission: 'vehicle.authorise',
    handler: ({ params, body, req }) =>
      authoriseVehicle(ctx.db, principalOf(req), params.plate, body.companyTaxCode, clientIp(req)),
  });

  api.route(ROUTES.revokeVehicleAuthorisation, {
    permission: 'vehicle.authorise',
    handler: ({ params, req }) => revokeVehicle(ctx.db, principalOf(req), params.plate, params.taxCode, clientIp(req)),
  });

  api.route(ROUTES.resolveVehicleOwner, {
    permission: 'vehicle.resolve-dispute',
    handler: ({ params, body, req }) => resolveVehicleDispute(ctx.db, principalOf(req), params.plate, body, clientIp(req)),
  });
}
