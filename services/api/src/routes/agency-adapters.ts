/**
 * /v1/agencies — the agency adapters over HTTP:
 *   POST /v1/agencies/:adapter/decisions   decisions from the agency (JSON, VNACCS XML, EDIFACT CUSRES),
 *        authenticated by the adapter's HMAC signature, not a user token; the raw body is verified
 *        before anything parses it (the JSON body parser skips this path, see `parsesAsJson`)
 *   POST /v1/agencies/:adapter/poll        fetch decisions now (VNACCS polling mode)
 *   GET  /v1/agencies/health               per adapter: last success, backlog, dead letters, breaker
 *   GET  /v1/agencies/:adapter/dead-letters, POST …/dead-letters/redrive   for operators
 */
import { ROUTES, ZAdapterNameSchema, type DeadLetter } from '@borderflow/contracts';
import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';
import type { AdapterRuntime, InboundRejection, OutboxMessage } from '@borderflow/customs';
import { AppError } from '../app-error.ts';
import { actorOf } from '../auth/require-auth.ts';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { applyDecisionEnvelopes } from '../agency/receive-decisions.ts';
import { REFUSALS } from '../http/refusal-words.ts';

/** Largest decisions body (a polling page of VNACCS XML is bigger than any JSON request). */
export const AGENCY_BODY_LIMIT = '1mb';
const INBOUND_PATH = /^\/v1\/agencies\/[^/?]+\/decisions(?:[/?]|$)/;
/** Device pushes are read raw too: a malformed one is kept in the device log, not lost in the parser. */
const DEVICE_PATH = /^\/v1\/devices\//;

/**
 * The app's JSON body parser runs for `application/json` requests except the agencies'
 * signed decisions, which must reach their route as raw bytes.
 *
 * @example
 * app.use(express.json({ limit: '64kb', type: parsesAsJson }));
 */
export function parsesAsJson(req: IncomingMessage): boolean {
  if (INBOUND_PATH.test(req.url ?? '') || DEVICE_PATH.test(req.url ?? '')) return false;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json';
}

/** By name: this module does not load @borderflow/customs (the platform loads it only when adapters run). */
function isInboundRejection(err: unknown): err is InboundRejection {
  return err instanceof Error && err.name === 'InboundRejection';
}

function adapterOf(ctx: ApiContext, name: string): AdapterRuntime {
  const runtime = ctx.agencies?.get(name);
  if (!runtime) throw AppError.worded('NOT_FOUND', REFUSALS.noAdapter(name), 'adapter');
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

/** Refuses a decisions request whose adapter is unknown or whose signature headers are missing or wrongly keyed. */
function signedOnly(ctx: ApiContext): RequestHandler {
  return async (req, _res, next) => {
    const parsed = ZAdapterNameSchema.safeParse(req.params.adapter);
    // An invalid name is the route's own 400 (params are validated after `before`).
    if (!parsed.success) return next();
    try {
      await adapterOf(ctx, parsed.data).inbound.precheck(req.headers);
    } catch (err) {
      if (isInboundRejection(err)) throw AppError.worded(err.code, REFUSALS.inboundRejected(err.message));
      throw err;
    }
    next();
  };
}

export function agencyAdapterRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.receiveAgencyDecisions, {
    permission: 'agency.webhook',
    // The signature headers and key first: an unsigned body gets 401 before a byte of it is buffered
    // (the size limit applies only to requests that could be genuine).
    before: [signedOnly(ctx), express.raw({ type: () => true, limit: AGENCY_BODY_LIMIT })],
    handler: async ({ params, req, res }) => {
      const runtime = adapterOf(ctx, params.adapter);
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      let received;
      try {
        received = await runtime.inbound.receive(req.headers, raw);
      } catch (err) {
        if (isInboundRejection(err)) throw AppError.worded(err.code, REFUSALS.inboundRejected(err.message), err.reason === 'undecodable' ? 'body' : null);
        throw err;
      }
      let results;
      try {
        results = await applyDecisionEnvelopes(ctx, runtime, received.envelopes);
      } catch (err) {
        await received.failed().catch(() => undefined);
        throw err;
      }
      await received.accepted();
      // Refused as a whole: 403 when some decision was not this agency's to make, else 409 (every
      // decision an older amendment); either way the sender does not retry.
      if (results.length > 0 && results.every((r) => r.outcome === 'stale' || r.outcome === 'refused')) {
        res.status(results.some((r) => r.outcome === 'refused') ? 403 : 409);
      } else {
        res.status(200);
      }
      res.json({ adapter: params.adapter, results });
      return undefined;
    },
  });

  api.route(ROUTES.pollAgency, {
    permission: 'agency.poll',
    handler: async ({ params }) => {
      const runtime = adapterOf(ctx, params.adapter);
      if (!runtime.config.polling) throw AppError.worded('CONFLICT', REFUSALS.adapterNoPoll(params.adapter), 'adapter');
      const pollers = ctx.agencyPollers;
      if (!pollers) throw AppError.worded('CONFLICT', REFUSALS.noPolling, 'adapter');
      return { adapter: params.adapter, decisions: await pollers.pollOnce(params.adapter) };
    },
  });

  api.route(ROUTES.agencyHealth, {
    permission: 'agency.health',
    handler: async () => ctx.agencies?.health() ?? { at: new Date().toISOString(), status: 'ok' as const, adapters: [] },
  });

  api.route(ROUTES.listDeadLetters, {
    permission: 'agency.dead-letters',
    handler: async ({ params, query }) => {
      const runtime = adapterOf(ctx, params.adapter);
      const { total, messages } = await runtime.delivery.outbox.deadLetters(query.offset ?? 0, query.limit ?? 100);
      return { adapter: params.adapter, total, deadLetters: messages.map((m) => deadLetterView(params.adapter, m)) };
    },
  });

  api.route(ROUTES.redriveDeadLetters, {
    permission: 'agency.dead-letters',
    handler: async ({ params, body, req }) => {
      const runtime = adapterOf(ctx, params.adapter);
      const result = await runtime.delivery.redrive(body.messageIds);
      ctx.logger.info({ adapter: params.adapter, redriven: result.redriven.length, by: actorOf(req) }, 'dead letters re-driven');
      return result;
    },
  });
}
