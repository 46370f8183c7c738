/**
 * Gate devices (issue 17): the device gateway's push routes (a device key in `X-Device-Key`, checked by
 * the handler so that every refused message is still kept raw), the operators' plate confirmation
 * queue and device health, and the admin's device registry. Who may call each is the api's permission table.
 */
import { defineRoute } from './define-route.ts';
import { ZGateParamsSchema } from './params.ts';
import {
  ZCreateDeviceRequestSchema,
  ZDecidePlateConfirmationRequestSchema,
  ZDahuaTrafficEventSchema,
  ZDeviceEventResultSchema,
  ZDeviceEventSchema,
  ZDeviceIdParamsSchema,
  ZDeviceListSchema,
  ZGateDeviceHealthSchema,
  ZHikvisionAnprEventSchema,
  ZIssuedDeviceSchema,
  ZPlateConfirmationListSchema,
  ZPlateConfirmationParamsSchema,
  ZPlateConfirmationSchema,
} from '../devices.ts';

const DEVICE_KEY = { 'X-Device-Key': "The device's key, bfv_<prefix>_<secret>, issued by an administrator (POST /v1/admin/devices)" };

export const DEVICE_ROUTES = {
  pushDeviceEvent: defineRoute({
    method: 'post',
    path: '/v1/devices/events',
    summary: 'A device pushes a plate read or a heartbeat (generic JSON); kept raw whether accepted or refused',
    description:
      'A confident read of one registered trip at the yard entrance checks it in; a doubtful read, a read two trips could match ' +
      'or a no-read goes to the operators\' confirmation queue. At a lane, a read of the called truck records its arrival; ' +
      'any other truck raises a wrong-truck alert and nothing starts. A resent eventId is answered `duplicate`.',
    tag: 'devices',
    documentedBody: ZDeviceEventSchema,
    requestHeaders: DEVICE_KEY,
    response: ZDeviceEventResultSchema,
    errors: [401, 409, 413, 415],
  }),
  pushHikvisionEvent: defineRoute({
    method: 'post',
    path: '/v1/devices/events/hikvision',
    summary: 'A Hikvision ANPR camera pushes its ISAPI EventNotificationAlert (JSON, eventType ANPR); handled like a generic plate read',
    tag: 'devices',
    documentedBody: ZHikvisionAnprEventSchema,
    requestHeaders: DEVICE_KEY,
    response: ZDeviceEventResultSchema,
    errors: [401, 409, 413, 415],
  }),
  pushHikvisionIsapiEvent: defineRoute({
    method: 'post',
    path: '/v1/devices/events/hikvision-isapi',
    summary: "A Hikvision ANPR camera pushes its ISAPI EventNotificationAlert as XML (application/xml), the camera's own format; handled like a generic plate read",
    description: 'The XML elements are those of the JSON form (eventType ANPR, dateTime, UUID, ANPR/licensePlate, confidenceLevel, pictureInfoList/pictureInfo); the schema shown is that JSON form.',
    tag: 'devices',
    documentedBody: ZHikvisionAnprEventSchema,
    requestHeaders: DEVICE_KEY,
    response: ZDeviceEventResultSchema,
    errors: [401, 409, 413, 415],
  }),
  pushDahuaEvent: defineRoute({
    method: 'post',
    path: '/v1/devices/events/dahua',
    summary: 'A Dahua ITC camera pushes its traffic snapshot (ITSAPI, JSON: Picture.Plate, Picture.SnapInfo); handled like a generic plate read',
    tag: 'devices',
    documentedBody: ZDahuaTrafficEventSchema,
    requestHeaders: DEVICE_KEY,
    response: ZDeviceEventResultSchema,
    errors: [401, 409, 413, 415],
  }),
  listPlateConfirmations: defineRoute({
    method: 'get',
    path: '/v1/gates/:gate/plate-confirmations',
    summary: 'Doubtful plate reads waiting for an operator, oldest first, each with its image and candidate trips',
    tag: 'devices',
    params: ZGateParamsSchema,
    response: ZPlateConfirmationListSchema,
    errors: [404],
  }),
  decidePlateConfirmation: defineRoute({
    method: 'post',
    path: '/v1/gates/:gate/plate-confirmations/:confirmationId',
    summary: 'An operator decides a doubtful read: one of its candidate trips checks in, or none (dismiss)',
    tag: 'devices',
    params: ZPlateConfirmationParamsSchema,
    body: ZDecidePlateConfirmationRequestSchema,
    response: ZPlateConfirmationSchema,
    errors: [404, 409],
  }),
  gateDeviceHealth: defineRoute({
    method: 'get',
    path: '/v1/gates/:gate/devices',
    summary: "A gate's devices: last message, reads and doubtful share in the last hour, errors, silence; open alerts",
    tag: 'devices',
    params: ZGateParamsSchema,
    response: ZGateDeviceHealthSchema,
    errors: [404],
  }),
  listDevices: defineRoute({
    method: 'get',
    path: '/v1/admin/devices',
    summary: 'Registered devices with a live key (prefix, position, last seen); never their secrets',
    tag: 'devices',
    response: ZDeviceListSchema,
  }),
  createDevice: defineRoute({
    method: 'post',
    path: '/v1/admin/devices',
    summary: 'Register a device at a gate position and issue its key; the answer is the only time the whole key is shown',
    tag: 'devices',
    body: ZCreateDeviceRequestSchema,
    response: ZIssuedDeviceSchema,
    status: 201,
    errors: [404],
  }),
  revokeDevice: defineRoute({
    method: 'delete',
    path: '/v1/admin/devices/:deviceId',
    summary: "Revoke a device's key: its next message is refused (and kept)",
    tag: 'devices',
    params: ZDeviceIdParamsSchema,
    status: 204,
    response: null,
    errors: [404],
  }),
};
