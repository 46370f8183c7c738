/**
 * The province's data platform (LGSP / IOC): open pull endpoints for a data-consumer key, and the
 * admin's routes that issue and revoke those keys. Who may call each is the api's permission table.
 */
import { defineRoute } from './define-route.ts';
import { ZGateParamsSchema } from './params.ts';
import {
  ZCreateDataConsumerRequestSchema,
  ZDataConsumerIdParamsSchema,
  ZDataConsumerListSchema,
  ZIssuedDataConsumerSchema,
  ZProvinceEventPageSchema,
  ZProvinceEventsQuerySchema,
  ZProvinceHourlyQuerySchema,
  ZProvinceHourlyStatsSchema,
} from '../province.ts';

export const PROVINCE_ROUTES = {
  provinceHourlyStats: defineRoute({
    method: 'get',
    path: '/v1/province/gates/:gate/stats/hourly',
    summary: "Hourly throughput, waits and queue per direction and class over [from, to) (at most 31 days), in the gate's time; CC BY 4.0",
    tag: 'province',
    params: ZGateParamsSchema,
    query: ZProvinceHourlyQuerySchema,
    response: ZProvinceHourlyStatsSchema,
    errors: [404],
  }),
  provinceTripEvents: defineRoute({
    method: 'get',
    path: '/v1/province/gates/:gate/events',
    summary: 'Anonymised trip events of a gate, oldest first, in cursor pages (pseudonymous vehicle ids, no personal data); CC BY 4.0',
    tag: 'province',
    params: ZGateParamsSchema,
    query: ZProvinceEventsQuerySchema,
    response: ZProvinceEventPageSchema,
    errors: [404],
  }),
  listDataConsumers: defineRoute({
    method: 'get',
    path: '/v1/admin/data-consumers',
    summary: "The province's data consumers with a live key (prefix, created, last used); never their secrets",
    tag: 'province',
    response: ZDataConsumerListSchema,
  }),
  createDataConsumer: defineRoute({
    method: 'post',
    path: '/v1/admin/data-consumers',
    summary: 'Issue a data-consumer key for the province feed; the answer is the only time the whole key is shown',
    tag: 'province',
    body: ZCreateDataConsumerRequestSchema,
    response: ZIssuedDataConsumerSchema,
    status: 201,
  }),
  rotateDataConsumer: defineRoute({
    method: 'post',
    path: '/v1/admin/data-consumers/:consumerId/rotate',
    summary: "Give a data consumer's key a new secret (shown once); the old key is refused from now on",
    tag: 'province',
    params: ZDataConsumerIdParamsSchema,
    response: ZIssuedDataConsumerSchema,
    errors: [404],
  }),
  revokeDataConsumer: defineRoute({
    method: 'delete',
    path: '/v1/admin/data-consumers/:consumerId',
    summary: "Revoke a data consumer's key: refused from the next request on",
    tag: 'province',
    params: ZDataConsumerIdParamsSchema,
    status: 204,
    response: null,
    errors: [404],
  }),
};
