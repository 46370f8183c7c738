/**
 * The parts of /openapi.json that are not /v1 routes: the probes served at the root (routes/health.ts)
 * and the webhooks BorderFlow sends to a company's endpoints (notify/webhook-delivery.ts). Their
 * schemas come from the contracts, as the routes' do.
 */
import { z } from 'zod';
import { WEBHOOK_HEADERS, WEBHOOK_MESSAGE_TYPES, ZHealthzResponseSchema, ZReadyzResponseSchema, ZWebhookMessageSchema, type WebhookMessageType } from '@borderflow/contracts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- OpenAPI fragments are untyped JSON
export type JsonSchema = Record<string, any>;

function schemaOf(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** /healthz, /readyz and /metrics: no /v1 prefix, no rate limit, for load balancers and Prometheus. */
export const PROBE_PATHS: Record<string, Record<string, JsonSchema>> = {
  '/healthz': {
    get: {
      summary: 'Liveness: the process answers',
      description: 'Always 200 while the process runs; says nothing about Redis or the database (use /readyz for that). No sign-in.',
      operationId: 'getHealthz',
      tags: ['probes'],
      security: [],
      responses: {
        '200': { description: 'Alive', content: { 'application/json': { schema: schemaOf(ZHealthzResponseSchema), examples: { example: { value: { status: 'ok', uptimeS: 5231 } } } } } },
      },
    },
  },
  '/readyz': {
    get: {
      summary: 'Readiness: Redis and the database answer',
      description:
        '`ready` (200) when both answer within 2 s; `degraded` (200) when only the database is away: the gate still queues, calls and ' +
        'crosses trucks on Redis and the record catches up later, so keep the process in rotation but alert; `unavailable` (503) when ' +
        'Redis is away: take the process out of the load balancer. No sign-in.',
      operationId: 'getReadyz',
      tags: ['probes'],
      security: [],
      responses: {
        '200': {
          description: 'Ready, or degraded (database away)',
          content: { 'application/json': { schema: schemaOf(ZReadyzResponseSchema), examples: { example: { value: { status: 'ready', checks: [{ name: 'redis', ok: true }, { name: 'database', ok: true }] } } } } },
        },
        '503': {
          description: 'Redis is away: not ready',
          content: {
            'application/json': {
              schema: schemaOf(ZReadyzResponseSchema),
              examples: { example: { value: { status: 'unavailable', checks: [{ name: 'redis', ok: false, error: 'no answer within 2000 ms' }, { name: 'database', ok: true }] } } },
            },
          },
        },
      },
    },
  },
  '/metrics': {
    get: {
      summary: 'Prometheus metrics (text exposition format)',
      description:
        'Request counts and durations by route and status, scheduler and stream lag, process internals. Never public ' +
        '(docs/SECURITY.md): with METRICS_TOKEN set, send it as a bearer token; with METRICS_PORT set, /metrics is served only on ' +
        'that port (loopback by default) and not here; with neither, it is off (404).',
      operationId: 'getMetrics',
      tags: ['probes'],
      security: [{ metricsToken: [] }],
      responses: {
        '200': { description: 'The metrics', content: { 'text/plain': { schema: { type: 'string' }, examples: { example: { value: '# HELP http_requests_total HTTP requests\n# TYPE http_requests_total counter\nhttp_requests_total{method="GET",route="/v1/trips",status="200"} 42\n' } } } } },
        '401': { description: 'No or wrong metrics token', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Error' } } } },
        '404': { description: 'Metrics are off here (no token set, or they are served on their own port)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    },
  },
};

const WEBHOOK_TEXT: Record<WebhookMessageType, { summary: string; data: Partial<z.input<typeof ZWebhookMessageSchema>['data']> }> = {
  booking: { summary: 'A slot booking of one of your trucks was made or cancelled (`reason`: booked | cancelled; `slotStart`)', data: { reason: 'booked', slotStart: '2026-12-07T02:00:00.000Z' } },
  'call-up': { summary: 'One of your trucks is called to a lane now (`laneId`)', data: { laneId: 'KT-X1' } },
  hold: { summary: 'An agency or the gate put one of your trucks on hold (`reason`: theirs)', data: { reason: 'Kiểm dịch thực vật: lấy mẫu' } },
  release: { summary: 'A hold on one of your trucks was released (`reason`: theirs)', data: { reason: 'Kết quả mẫu đạt' } },
  ping: { summary: 'A test delivery your administrator asked for (POST /v1/company/webhooks/{endpointId}/test); `data` names no real trip', data: { tripId: 'ping', plate: null } },
};

const WEBHOOK_HEADER_TEXT: Record<keyof typeof WEBHOOK_HEADERS, string> = {
  id: 'The message id, the same on every retry: deduplicate by it (delivery is at least once)',
  timestamp: 'Unix seconds when this attempt was signed; refuse one more than 5 minutes from your clock (a replay)',
  signature: 'v1=<hex HMAC-SHA256(endpoint secret, "<webhook-timestamp>.<raw body>")>; several, space-separated, during a secret change: any one matching will do',
  event: 'The `type` of the body again, to route before parsing',
};

/**
 * OpenAPI 3.1 `webhooks`: one per message type a company's endpoint can receive, each a signed POST
 * whose body is the contracts' ZWebhookMessageSchema (docs/webhooks.md shows how to verify one).
 */
export const WEBHOOKS: Record<string, JsonSchema> = Object.fromEntries(
  WEBHOOK_MESSAGE_TYPES.map((type) => {
    const body = schemaOf(ZWebhookMessageSchema);
    body.properties.type = { type: 'string', const: type };
    const example = {
      id: '3f1c2a9e-58d1-4b7a-a0c4-9d1e2f3a4b5c',
      type,
      occurredAt: '2026-12-07T01:30:00.000Z',
      data: { tripId: '7b0e4a52-1c9d-4e3f-8a6b-5d2c1f0e9a87', gate: 'KT', plate: '24C-123.45', laneId: null, reason: null, slotStart: null, ...WEBHOOK_TEXT[type].data },
    };
    return [type, {
      post: {
        summary: WEBHOOK_TEXT[type].summary,
        description: 'Sent to every endpoint of your company subscribed to this event. Answer any 2xx within 10 s; anything else is retried with exponential backoff (10 s, 20 s, 40 s … 8 attempts), then logged as failed.',
        operationId: `webhook${type.replace(/(^|-)(.)/g, (_m, _d, c: string) => c.toUpperCase())}`,
        tags: ['company'],
        security: [],
        parameters: (Object.keys(WEBHOOK_HEADERS) as (keyof typeof WEBHOOK_HEADERS)[]).map((key) => ({
          name: WEBHOOK_HEADERS[key], in: 'header', required: true, description: WEBHOOK_HEADER_TEXT[key], schema: { type: 'string' },
        })),
        requestBody: { required: true, content: { 'application/json': { schema: body, examples: { example: { value: example } } } } },
        responses: {
          '200': { description: 'Received (any 2xx will do)' },
          '400': { description: 'Refused (bad signature, old timestamp): retried, then logged as failed' },
        },
      },
    }];
  }),
);
