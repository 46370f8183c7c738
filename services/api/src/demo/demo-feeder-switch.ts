/**
 * The demo feeder's on/off switch: FEEDER=off keeps it from starting at all (infra/app); an admin
 * turns it off or on again from the console (audited). The switch lives in Redis so every process
 * sees it, and the process that runs the feeder stops or restarts it within a poll.
 */
import type { Principal } from '../auth/jwt.ts';
import type { ApiContext } from '../context.ts';
import { recordAudit } from '../audit/audit-log.ts';

const keyOf = (ctx: ApiContext) => `${ctx.prefix}demo-feeder:off`;

/** The switch as the console shows it; `configured` = this deployment runs a feeder at all. */
export interface FeederSwitch {
  enabled: boolean;
  configured: boolean;
}

export async function feederEnabled(ctx: ApiContext): Promise<boolean> {
  return (await ctx.redis.exists(keyOf(ctx))) === 0;
}

/**
 * Turns the feeder on or off (audited with the reason).
 *
 * @example await setFeederEnabled(ctx, admin, false, 'Training session: no demo traffic', ip)
 */
export async function setFeederEnabled(ctx: ApiContext, who: Principal, enabled: boolean, reason: string, ip?: string): Promise<void> {
  if (enabled) await ctx.redis.del(keyOf(ctx));
  else await ctx.redis.set(keyOf(ctx), who.id);
  await recordAudit(ctx.db, { action: enabled ? 'demo-feeder.on' : 'demo-feeder.off', actor: who, targetType: 'demo-feeder', targetId: 'demo-feeder', reason, ...(ip ? { ip } : {}) });
}

/**
 * Runs a feeder while the switch is on: starts it now if on, then polls every `pollMs` and stops
 * or restarts it when an admin flips the switch.
 *
 * @example const run = runSwitchedFeeder(ctx, () => startFeeder(url, log), 2000); … await run.stop();
 */
export function runSwitchedFeeder(ctx: ApiContext, start: () => { stop(): Promise<void> | void }, pollMs = 2000): { stop(): Promise<void> } {
  let feeder: { stop(): Promise<void> | void } | null = null;
  let busy: Promise<void> = Promise.resolve();
  const follow = () => {
    busy = busy.then(async () => {
      const on = await feederEnabled(ctx).catch(() => feeder !== null);
      if (on && !feeder) feeder = start();
      else if (!on && feeder) {
        const f = feeder;
        feeder = null;
        await f.stop();
        ctx.logger.info('demo feeder turned off by an admin');
      }
    });
  };
  follow();
  const timer = setInterval(follow, pollMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await busy;
      await feeder?.stop();
      feeder = null;
    },
  };
}
