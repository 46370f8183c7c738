/**
 * Barriers, signal lights and the weighbridge on the board (issue 17):
 *   GET  /v1/gates/:gate/signals                       what each barrier and light last confirmed; unacknowledged commands
 *   POST /v1/gates/:gate/signals/:commandId/manual     an operator did it by hand (audited)
 *   GET  /v1/gates/:gate/weighings                     overweight trucks still on hold
 */
import { ROUTES } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import { schedulerOf, type ApiContext } from '../context.ts';
import { gateSignals } from '../devices/signals/signal-board.ts';
import { manualSignal } from '../devices/signals/signal-commands.ts';
import { heldOverweight } from '../devices/weighbridge.ts';

export function gateSignalRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.gateSignals, {
    permission: 'signal.read',
    handler: ({ params }) => {
      schedulerOf(ctx, params.gate);
      return gateSignals(ctx, params.gate);
    },
  });

  api.route(ROUTES.actSignalByHand, {
    permission: 'signal.manual',
    handler: ({ params, body, req }) => {
      schedulerOf(ctx, params.gate);
      return manualSignal(ctx, req, params.gate, params.commandId, body.note);
    },
  });

  api.route(ROUTES.gateWeighings, {
    permission: 'weighing.read',
    handler: async ({ params }) => {
      schedulerOf(ctx, params.gate);
      return { gate: params.gate, held: await heldOverweight(ctx, params.gate) };
    },
  });
}
