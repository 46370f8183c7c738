/** Vehicles and the companies they authorise. Route contracts (see define-route.ts); who may call each is the api's permission table. */
import { defineRoute } from './define-route.ts';
import { ZVehicleAuthoriseRequestSchema, ZVehicleGranteeParamsSchema, ZVehicleOwnerRequestSchema, ZVehiclePlateParamsSchema, ZVehicleViewSchema } from '../vehicle.ts';

export const VEHICLE_ROUTES = {
  readVehicle: defineRoute({
    method: 'get',
    path: '/v1/vehicles/:plate',
    summary: 'A vehicle: its owning company and the companies it authorises (a driver sees only vehicles their company may use)',
    tag: 'vehicles',
    params: ZVehiclePlateParamsSchema,
    response: ZVehicleViewSchema,
    errors: [404],
  }),
  authoriseVehicle: defineRoute({
    method: 'post',
    path: '/v1/vehicles/:plate/authorisations',
    summary: "The owner's users let another company (by tax code) register trips with this vehicle; audited",
    tag: 'vehicles',
    params: ZVehiclePlateParamsSchema,
    body: ZVehicleAuthoriseRequestSchema,
    response: ZVehicleViewSchema,
    errors: [403, 404, 409],
  }),
  revokeVehicleAuthorisation: defineRoute({
    method: 'delete',
    path: '/v1/vehicles/:plate/authorisations/:taxCode',
    summary: "The owner's users take back another company's authorisation (its registered trips keep the vehicle); audited",
    tag: 'vehicles',
    params: ZVehicleGranteeParamsSchema,
    response: ZVehicleViewSchema,
    errors: [403, 404],
  }),
  resolveVehicleOwner: defineRoute({
    method: 'post',
    path: '/v1/vehicles/:plate/owner',
    summary: 'An administrator resolves a disputed plate: reassigns the vehicle to a company (earlier authorisations lapse); audited with the reason',
    tag: 'vehicles',
    params: ZVehiclePlateParamsSchema,
    body: ZVehicleOwnerRequestSchema,
    response: ZVehicleViewSchema,
    errors: [404],
  }),
};
