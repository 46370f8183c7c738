/**
 * Barriers, signal lights and the weighbridge on the operator board (issue 17): what each barrier and
 * light last confirmed, the commands no device acknowledged (an operator acts by hand, audited), and
 * the overweight trucks held by the weighbridge. The weighbridge itself pushes to /v1/devices/events.
 */
import { defineRoute } from './define-route.ts';
import { ZGateParamsSchema } from './params.ts';
import { ZGateSignalsSchema, ZManualSignalRequestSchema, ZSignalCommandParamsSchema, ZSignalCommandViewSchema } from '../gate-signals.ts';
import { ZWeighingSchema } from '../weighbridge.ts';
import { z } from 'zod';

export const ZGateWeighingsSchema = z.object({
  gate: z.string(),
  /** Overweight weighings whose hold is still on, oldest first. */
  held: z.array(ZWeighingSchema),
});

export const GATE_SIGNAL_ROUTES = {
  gateSignals: defineRoute({
    method: 'get',
    path: '/v1/gates/:gate/signals',
    summary: "The gate's barriers and lane signal lights: the state each last confirmed, its latest command, and the commands no device acknowledged",
    tag: 'devices',
    params: ZGateParamsSchema,
    response: ZGateSignalsSchema,
    errors: [404],
  }),
  actSignalByHand: defineRoute({
    method: 'post',
    path: '/v1/gates/:gate/signals/:commandId/manual',
    summary: 'An operator did by hand what a barrier or light did not acknowledge (opened the barrier, switched the light); audited, closes the alert',
    tag: 'devices',
    params: ZSignalCommandParamsSchema,
    body: ZManualSignalRequestSchema,
    response: ZSignalCommandViewSchema,
    errors: [404, 409],
  }),
  gateWeighings: defineRoute({
    method: 'get',
    path: '/v1/gates/:gate/weighings',
    summary: 'Trucks the weighbridge found over the legal gross limit for their axles and that are still on hold (released with release-hold)',
    tag: 'devices',
    params: ZGateParamsSchema,
    response: ZGateWeighingsSchema,
    errors: [404],
  }),
};
