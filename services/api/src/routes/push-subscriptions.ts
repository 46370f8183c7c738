/**
 * /v1/push — a signed-in driver's Web Push subscriptions (call-up, hold, release on the phone).
 * Only the driver themself subscribes and unsubscribes, and only their own browsers: the owner is
 * the token's user, never a field of the body. The endpoint is a URL the server will POST to, so
 * it gets the same guard as a webhook URL (https, no private or loopback address).
 */
import { ROUTES } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { AppError } from '../app-error.ts';
import { principalOf } from '../auth/require-auth.ts';
import { allowPrivateFromEnv, assertPublicDestination, UnsafeDestination } from '../notify/ssrf-guard.ts';
import { REFUSALS, type Words } from '../http/refusal-words.ts';

/** Browsers one driver may have subscribed at once; a new one beyond it replaces the oldest. */
export const MAX_PUSH_SUBSCRIPTIONS = 5;

function vapidKeyOf(ctx: ApiContext): string {
  if (!ctx.vapidPublicKey) throw AppError.worded('NOT_FOUND', REFUSALS.pushDisabled, null);
  return ctx.vapidPublicKey;
}

export function pushSubscriptionRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.vapidKey, {
    permission: 'push.key',
    handler: () => ({ publicKey: vapidKeyOf(ctx) }),
  });

  api.route(ROUTES.subscribePush, {
    permission: 'push.subscribe',
    handler: async ({ body, req }) => {
      vapidKeyOf(ctx);
      const who = principalOf(req);
      const allowPrivate = ctx.allowPrivateWebhooks ?? allowPrivateFromEnv();
      const refuse = (rule: string, words: Words) =>
        AppError.worded('VALIDATION_FAILED', words, 'endpoint', [{ pointer: '/endpoint', field: 'endpoint', in: 'body', rule, detail: words.en }]);
      if (!allowPrivate && !body.endpoint.startsWith('https:')) throw refuse('https', REFUSALS.pushHttps);
      try {
        await assertPublicDestination(body.endpoint, allowPrivate);
      } catch (err) {
        if (err instanceof UnsafeDestination) throw refuse(err.rule, REFUSALS.unsafeDestination('endpoint', err.rule, new URL(body.endpoint).hostname));
        throw err;
      }
      // The same browser signing in as someone else moves its subscription to them.
      const row = await ctx.db.pushSubscription.upsert({
        where: { endpoint: body.endpoint },
        create: { userId: who.id, endpoint: body.endpoint, p256dh: body.keys.p256dh, auth: body.keys.auth, locale: body.locale },
        update: { userId: who.id, p256dh: body.keys.p256dh, auth: body.keys.auth, locale: body.locale, createdAt: new Date() },
      });
      const mine = await ctx.db.pushSubscription.findMany({ where: { userId: who.id }, orderBy: { createdAt: 'desc' }, select: { id: true } });
      const excess = mine.slice(MAX_PUSH_SUBSCRIPTIONS).map((s) => s.id);
      if (excess.length) await ctx.db.pushSubscription.deleteMany({ where: { id: { in: excess } } });
      return { id: row.id, endpoint: row.endpoint, locale: row.locale, createdAt: row.createdAt.toISOString() };
    },
  });

  api.route(ROUTES.unsubscribePush, {
    permission: 'push.unsubscribe',
    handler: async ({ params, req }) => {
      // Someone else's subscription looks exactly like a missing one.
      const gone = await ctx.db.pushSubscription.deleteMany({ where: { id: params.subscriptionId, userId: principalOf(req).id } });
      if (gone.count === 0) throw AppError.worded('NOT_FOUND', REFUSALS.pushSubscriptionNotFound, 'subscriptionId');
      return undefined;
    },
  });
}
