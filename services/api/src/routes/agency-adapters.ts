/**
 * /v1/agencies — the agency adapters over HTTP:
 *   POST /v1/agencies/:adapter/decisions   decisions from the agency (JSON, VNACCS XML, EDIFACT CUSRES),
 *        authenticated by the adapter's HMAC signature, not a user token; the raw body is verified
 *        before anything parses it (the JSON body parser skips this path, see `parsesAsJson`)
 *   POST /v1/agencies/:adapter/poll        fetch decisions now (VNACCS polling mode)
 *   GET  /v1/agencies/health               per adapter: last success, backlog, dead letters, breaker
 *   GET  /v1/agencies/:adapter/dead-letters, POST …/dead-letters/redrive   for operators
 */
import type { IncomingMessage } from 'node:http';
import express from 'express';
import { z } from 'zod';
import {
  ZAdapterNameSchema,
  ZAgencyHealthResponseSchema,
  ZDeadLetterListResponseSchema,
  ZRedriveRequestSchema,
  ZRedriveResponseSchema,
  type DeadLetter,
} from '@borderflow/contracts';
import type { AdapterRuntime, InboundRejection, OutboxMessage } from '@borderflow/customs';
import { AppError } from '../app-error.ts';
import { STAFF_ROLES, actorOf } from '../auth/require-auth.ts';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { applyDecisionEnvelopes } from '../agency/receive-decisions.ts';
import { ZAgencyDecisionResponseSchema } from './agency-decisions.ts';

/** Largest decisions body (a polling page of VNACCS XML is bigger than any JSON request). */
export const AGENCY_BODY_LIMIT = '1mb';
const INBOUND_PATH = /^\/v1\/agencies\/[^/?]+\/decisions(?:[/?]|$)/;

/**
 * The app's JSON body parser runs for `application/json` requests except the agencies'
 * signed decisions, which must reach their route as raw bytes.
 *
 * @example
 * app.use(express.json({ limit: '64kb', type: parsesAsJson }));
 */
export function parsesAsJson(req: IncomingMessage): boolean {
  if (INBOUND_PATH.test(req.url ?? '')) return false;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json';
}

const ZAdapterParamsSchema = z.object({ adapter: ZAdapterNameSchema }).strict();
const ZDeadLetterQuerySchema = z
  .object({
    offset: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();

export const ZReceivedDecisionsResponseSchema = z.object({
  adapter: ZAdapterNameSchema,
  results: z.array(
    z.object({
      messageId: z.string(),
      declarationKey: z.string(),
      amendment: z.number().int(),
      outcome: z.enum(['applied', 'duplicate', 'stale']),
      message: z.string().nullable(),
      trips: z.array(
        // The internal route's trip outcome, plus 'still_held': released by this agency, held by another.
        ZAgencyDecisionResponseSchema.shape.trips.element.extend({
          hold: z.enum([...ZAgencyDecisionResponseSchema.shape.trips.element.shape.hold.unwrap().options, 'still_held']).nullable(),
        }),
      ),
    }),
  ),
});

export const ZPollResponseSchema = z.object({ adapter: ZAdapterNameSchema, decisions: z.number().int() });

/** By name: this module does not load @borderflow/customs (the platform loads it only when adapters run). */
function isInboundRejection(err: unknown): err is InboundRejection {
  return err instanceof Error && err.name === 'InboundRejection';
}

function adapterOf(ctx: ApiContext, name: string): AdapterRuntime {
  const runtime = ctx.agencies?.get(name);
  if (!runtime) throw new AppError('NOT_FOUND', `No agency adapter ${name} runs here`, 'adapter');
  return runtime;
}

function deadLetterView(adapter: string, m: OutboxMessage): DeadLetter {
  let envelope: Record<string, unknown> = {};
  try {
    envelope = JSON.parse(m.body) as Record<string, unknown>;
  } catch {
    // a body that is not JSON cannot be in the outbox; show it empty rather than fail the list
  }
  return {
    messageId: m.id,
    adapter,
    kind: m.kind,
    tripId: m.order,
    acceptedAt: new Date(m.acceptedAt).toISOString(),
    failedAt: new Date(m.failedAt ?? m.acceptedAt).toISOString(),
    attempts: m.attempts,
    error: m.error ?? '',
    redriven: m.redriven,
    envelope,
  };
}

export function agencyAdapterRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route({
    method: 'post',
    path: '/v1/agencies/:adapter/decisions',
    summary:
      'Receive agency decisions (signed: x-borderflow-key-id, x-borderflow-timestamp, x-borderflow-signature = v1=HMAC-SHA256(timestamp + "." + raw body)); body in the adapter\'s format',
    tag: 'agencies',
    access: 'public',
    params: ZAdapterParamsSchema,
    before: [express.raw({ type: () => true, limit: AGENCY_BODY_LIMIT })],
    response: ZReceivedDecisionsResponseSchema,
    errors: [401, 404, 409, 413],
    handler: async ({ params, req, res }) => {
      const runtime = adapterOf(ctx, params.adapter);
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      let received;
      try {
        received = await runtime.inbound.receive(req.headers, raw);
      } catch (err) {
        if (isInboundRejection(err)) throw new AppError(err.code, err.message, err.reason === 'undecodable' ? 'body' : null);
        throw err;
      }
      const results = await applyDecisionEnvelopes(ctx, runtime, received.envelopes);
      await received.accepted();
      // Refused as a whole (every decision an older amendment): 409, so the sender does not retry.
      if (results.length > 0 && results.every((r) => r.outcome === 'stale')) res.status(409);
      else res.status(200);
      res.json({ adapter: params.adapter, results });
      return undefined;
    },
  });

  api.route({
    method: 'post',
    path: '/v1/agencies/:adapter/poll',
    summary: 'Fetch decisions from the agency now (VNACCS polling mode; the platform also polls on a timer)',
    tag: 'agencies',
    access: ['operator', 'admin'],
    params: ZAdapterParamsSchema,
    response: ZPollResponseSchema,
    errors: [404, 409],
    handler: async ({ params }) => {
      const runtime = adapterOf(ctx, params.adapter);
      if (!runtime.config.polling) throw new AppError('CONFLICT', `Adapter ${params.adapter} does not poll`, 'adapter');
      const pollers = ctx.agencyPollers;
      if (!pollers) throw new AppError('CONFLICT', 'Polling does not run in this process', 'adapter');
      return { adapter: params.adapter, decisions: await pollers.pollOnce(params.adapter) };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/agencies/health',
    summary: 'Agency adapters: last success, backlog, dead letters and circuit breaker state of each',
    tag: 'agencies',
    access: STAFF_ROLES,
    response: ZAgencyHealthResponseSchema,
    handler: async () => ctx.agencies?.health() ?? { at: new Date().toISOString(), status: 'ok' as const, adapters: [] },
  });

  api.route({
    method: 'get',
    path: '/v1/agencies/:adapter/dead-letters',
    summary: 'Outbound messages an agency refused for good (or that ran out of attempts), oldest failure first',
    tag: 'agencies',
    access: ['operator', 'admin'],
    params: ZAdapterParamsSchema,
    query: ZDeadLetterQuerySchema,
    response: ZDeadLetterListResponseSchema,
    errors: [404],
    handler: async ({ params, query }) => {
      const runtime = adapterOf(ctx, params.adapter);
      const { total, messages } = await runtime.delivery.outbox.deadLetters(query.offset ?? 0, query.limit ?? 100);
      return { adapter: params.adapter, total, deadLetters: messages.map((m) => deadLetterView(params.adapter, m)) };
    },
  });

  api.route({
    method: 'post',
    path: '/v1/agencies/:adapter/dead-letters/redrive',
    summary: 'Send dead letters again (all, or the listed message ids); each goes back to the head of its trip',
    tag: 'agencies',
    access: ['operator', 'admin'],
    params: ZAdapterParamsSchema,
    body: ZRedriveRequestSchema,
    response: ZRedriveResponseSchema,
    errors: [404],
    handler: async ({ params, body, req }) => {
      const runtime = adapterOf(ctx, params.adapter);
      const result = await runtime.delivery.redrive(body.messageIds);
      ctx.logger.info({ adapter: params.adapter, redriven: result.redriven.length, by: actorOf(req) }, 'dead letters re-driven');
      return result;
    },
  });
}
