/** A company's webhook endpoints. Route contracts (see define-route.ts); who may call each is the api's permission table. */
import { defineRoute } from './define-route.ts';
import { ZWebhookIdParamsSchema, ZWebhookTestResponseSchema } from '../company-webhooks.ts';

export const WEBHOOK_ROUTES = {
  testWebhook: defineRoute({
    method: 'post',
    path: '/v1/company/webhooks/:endpointId/test',
    summary: 'Send a signed `ping` to one of your endpoints through the normal delivery (retries, delivery log)',
    description:
      'Checks an endpoint end to end before real events flow: the `ping` is signed with the endpoint\'s secret like every ' +
      'delivery, retried on failure, and shows in GET /v1/company/webhooks/deliveries under the returned deliveryId ' +
      '(also its `webhook-id` header). The company administrator only; a few per minute.',
    tag: 'company',
    params: ZWebhookIdParamsSchema,
    response: ZWebhookTestResponseSchema,
    status: 202,
    errors: [404, 429],
  }),
};
