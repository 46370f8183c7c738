/** An admin turns the demo traffic feeder off (or on again) from the console; audited. */
import { ROUTES } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { principalOf } from '../auth/require-auth.ts';
import { clientIp } from '../audit/audit-log.ts';
import { feederEnabled, setFeederEnabled } from '../demo/demo-feeder-switch.ts';

export function demoFeederRoutes(api: ApiRouter, ctx: ApiContext, configured: boolean): void {
  api.route(ROUTES.readDemoFeeder, {
    permission: 'demo-feeder.read',
    handler: async () => ({ enabled: await feederEnabled(ctx), configured }),
  });
  api.route(ROUTES.setDemoFeeder, {
    permission: 'demo-feeder.write',
    handler: async ({ body, req }) => {
      await setFeederEnabled(ctx, principalOf(req), body.enabled, body.reason, clientIp(req));
      return { enabled: body.enabled, configured };
    },
  });
}
