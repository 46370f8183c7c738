/** A company's webhook endpoints and their delivery log. Route contracts (see define-route.ts); who may call each is the api's permission table. */
import { defineRoute } from './define-route.ts';
import {
  ZCreateWebhookRequestSchema, ZIssuedWebhookEndpointSchema, ZWebhookDeliveryListSchema, ZWebhookEndpointListSchema, ZWebhookIdParamsSchema,
} from '../company-webhooks.ts';

export const COMPANY_WEBHOOK_ROUTES = {
  listWebhooks: defineRoute({
    method: 'get',
    path: '/v1/company/webhooks',
    summary: "Your company's webhook endpoints (URL, events); never their secrets",
    tag: 'company',
    response: ZWebhookEndpointListSchema,
  }),
  createWebhook: defineRoute({
    method: 'post',
    path: '/v1/company/webhooks',
    summary:
      "Register a webhook endpoint for your trucks' events (booking, call-up, hold, release). The answer is the only time " +
      'the signing secret is shown. Deliveries are POSTs signed with HMAC-SHA256 (see docs/webhooks.md); private and loopback addresses are refused',
    tag: 'company',
    body: ZCreateWebhookRequestSchema,
    response: ZIssuedWebhookEndpointSchema,
    status: 201,
    errors: [409],
  }),
  deleteWebhook: defineRoute({
    method: 'delete',
    path: '/v1/company/webhooks/:endpointId',
    summary: 'Delete a webhook endpoint: nothing more is sent to it, retries included',
    tag: 'company',
    params: ZWebhookIdParamsSchema,
    status: 204,
    response: null,
    errors: [404],
  }),
  webhookDeliveries: defineRoute({
    method: 'get',
    path: '/v1/company/webhooks/deliveries',
    summary: "The delivery log of your company's webhooks, newest first (status, attempts, last HTTP status and error)",
    tag: 'company',
    response: ZWebhookDeliveryListSchema,
  }),
};
