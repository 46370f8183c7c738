/** A driver's Web Push subscriptions. Route contracts (see define-route.ts); who may call each is the api's permission table. */
import { defineRoute } from './define-route.ts';
import { ZPushSubscribeRequestSchema, ZPushSubscriptionIdParamsSchema, ZPushSubscriptionSchema, ZVapidKeySchema } from '../push-subscriptions.ts';

export const PUSH_ROUTES = {
  vapidKey: defineRoute({
    method: 'get',
    path: '/v1/push/vapid-key',
    summary: 'The Web Push application server key (VAPID, base64url) to subscribe a browser with',
    tag: 'push',
    response: ZVapidKeySchema,
    errors: [404],
  }),
  subscribePush: defineRoute({
    method: 'post',
    path: '/v1/push/subscriptions',
    summary: "Subscribe this browser to your call-ups, holds and releases (the body is the browser's PushSubscription and your language)",
    tag: 'push',
    body: ZPushSubscribeRequestSchema,
    response: ZPushSubscriptionSchema,
    status: 201,
    errors: [404],
  }),
  unsubscribePush: defineRoute({
    method: 'delete',
    path: '/v1/push/subscriptions/:subscriptionId',
    summary: 'Unsubscribe one of your browsers',
    tag: 'push',
    params: ZPushSubscriptionIdParamsSchema,
    status: 204,
    response: null,
    errors: [404],
  }),
};
