/** Examples of the display-board, company-webhook, Web Push and province routes (see define-route.ts, RouteExamples). */
import type { ExamplesFor } from '../define-route.ts';
import type { COMPANY_WEBHOOK_ROUTES } from '../company-webhook-routes.ts';
import type { DISPLAY_ROUTES } from '../display-routes.ts';
import type { PROVINCE_ROUTES } from '../province-routes.ts';
import type { PUSH_ROUTES } from '../push-routes.ts';
import { EXAMPLE_IDS } from './example-ids.ts';
import { ANSWERS } from './example-answers.ts';

const KT = { gate: 'KT' } as const;

export const DISPLAY_EXAMPLES: ExamplesFor<typeof DISPLAY_ROUTES> = {
  listDisplayTokens: { params: KT, response: ANSWERS.listDisplayTokens },
  createDisplayToken: { params: KT, body: { name: 'TV bãi chờ số 1' }, response: ANSWERS.createDisplayToken },
  revokeDisplayToken: { params: { gate: 'KT', tokenId: EXAMPLE_IDS.displayToken } },
  // Sent with `Authorization: Bearer bfd_…` (the token createDisplayToken answered), not a user token.
  readCallUpBoard: { response: ANSWERS.readCallUpBoard },
};

export const COMPANY_WEBHOOK_EXAMPLES: ExamplesFor<typeof COMPANY_WEBHOOK_ROUTES> = {
  listWebhooks: { response: ANSWERS.listWebhooks },
  createWebhook: { body: { url: EXAMPLE_IDS.webhookUrl, events: ['call-up', 'hold', 'release'] }, response: ANSWERS.createWebhook },
  deleteWebhook: { params: { endpointId: EXAMPLE_IDS.webhook } },
  webhookDeliveries: { response: ANSWERS.webhookDeliveries },
};

export const PUSH_EXAMPLES: ExamplesFor<typeof PUSH_ROUTES> = {
  vapidKey: { response: ANSWERS.vapidKey },
  subscribePush: {
    body: {
      endpoint: EXAMPLE_IDS.pushEndpoint,
      expirationTime: null,
      keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' },
      locale: 'vi',
    },
    response: ANSWERS.subscribePush,
  },
  unsubscribePush: { params: { subscriptionId: EXAMPLE_IDS.pushSubscription } },
};

// provinceHourlyStats and provinceTripEvents are sent with the data-consumer key (`Authorization: Bearer bfd_…`).
export const PROVINCE_EXAMPLES: ExamplesFor<typeof PROVINCE_ROUTES> = {
  provinceHourlyStats: { params: KT, query: { from: '2026-12-06T00:00:00+07:00', to: '2026-12-07T00:00:00+07:00' }, response: ANSWERS.provinceHourlyStats },
  provinceTripEvents: { params: KT, query: { limit: 100 }, response: ANSWERS.provinceTripEvents },
  listDataConsumers: { response: ANSWERS.listDataConsumers },
  createDataConsumer: { body: { name: 'IOC tỉnh Lào Cai' }, response: ANSWERS.createDataConsumer },
  rotateDataConsumer: { params: { consumerId: EXAMPLE_IDS.dataConsumer }, response: ANSWERS.createDataConsumer },
  revokeDataConsumer: { params: { consumerId: EXAMPLE_IDS.dataConsumer } },
};
