/**
 * /v1/company/webhooks — a carrier's endpoints for its own trucks' events (booking, call-up,
 * hold, release), managed by the company's administrator only, like its API keys. The signing
 * secret is shown once. The delivery log shows every attempt's outcome for the company's
 * endpoints and nobody else's.
 */
import { randomBytes } from 'node:crypto';
import { ROUTES, type WebhookEndpoint, type WebhookEvent, type WebhookMessageType } from '@borderflow/contracts';
import type { Prisma } from '@borderflow/db';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { AppError } from '../app-error.ts';
import { principalOf } from '../auth/require-auth.ts';
import { recordRequestAudit } from '../audit/audit-log.ts';
import { administeredCompany } from './api-keys.ts';
import { sendTestPing } from '../notify/company-events.ts';
import type { RouteBudget } from '../http/request-rate-limit.ts';
import { allowPrivateFromEnv, assertPublicDestination, UnsafeDestination } from '../notify/ssrf-guard.ts';
import { REFUSALS } from '../http/refusal-words.ts';

type EndpointRow = Prisma.WebhookEndpointGetPayload<object>;

/** Endpoints one company may have: each delivery costs the platform a request. */
const MAX_ENDPOINTS = 10;

/** Test deliveries one account may ask for a minute: each makes the platform call out (with retries). */
const TEST_DELIVERIES_PER_MINUTE = 5;

function view(row: EndpointRow): WebhookEndpoint {
  return { id: row.id, url: row.url, events: row.events as WebhookEvent[], createdAt: row.createdAt.toISOString() };
}

async function checkDestination(ctx: ApiContext, url: string): Promise<void> {
  try {
    await assertPublicDestination(url, ctx.allowPrivateWebhooks ?? allowPrivateFromEnv());
  } catch (err) {
    if (!(err instanceof UnsafeDestination)) throw err;
    const words = REFUSALS.unsafeDestination('url', err.rule, new URL(url).hostname);
    throw AppError.worded('VALIDATION_FAILED', words, 'url', [{ pointer: '/url', field: 'url', in: 'body', rule: err.rule, detail: words.en }]);
  }
}

export function companyWebhookRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.listWebhooks, {
    permission: 'webhook.list',
    handler: async ({ req }) => {
      const companyId = await administeredCompany(ctx, req);
      const rows = await ctx.db.webhookEndpoint.findMany({ where: { companyId, revokedAt: null }, orderBy: { createdAt: 'asc' } });
      return { endpoints: rows.map(view) };
    },
  });

  api.route(ROUTES.createWebhook, {
    permission: 'webhook.create',
    handler: async ({ body, req }) => {
      const companyId = await administeredCompany(ctx, req);
      await checkDestination(ctx, body.url);
      if ((await ctx.db.webhookEndpoint.count({ where: { companyId, revokedAt: null } })) >= MAX_ENDPOINTS) {
        throw AppError.worded('CONFLICT', REFUSALS.webhookCap(MAX_ENDPOINTS), 'url');
      }
      const secret = `whsec_${randomBytes(24).toString('base64url')}`;
      const row = await ctx.db.$transaction(async (tx) => {
        const created = await tx.webhookEndpoint.create({
          data: { companyId, url: body.url, events: [...new Set(body.events)], secret, createdById: principalOf(req).id },
        });
        await recordRequestAudit(tx, req, { action: 'webhook.create', targetType: 'webhook', targetId: created.id, detail: { companyId, url: created.url, events: created.events } });
        return created;
      });
      return { ...view(row), secret };
    },
  });

  api.route(ROUTES.deleteWebhook, {
    permission: 'webhook.delete',
    handler: async ({ params, req }) => {
      const companyId = await administeredCompany(ctx, req);
      const row = await ownEndpoint(ctx, companyId, params.endpointId);
      await ctx.db.$transaction(async (tx) => {
        await tx.webhookEndpoint.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
        await recordRequestAudit(tx, req, { action: 'webhook.delete', targetType: 'webhook', targetId: row.id, detail: { companyId, url: row.url } });
      });
      return undefined;
    },
  });

  api.route(ROUTES.webhookDeliveries, {
    permission: 'webhook.deliveries',
    handler: async ({ req }) => {
      const companyId = await administeredCompany(ctx, req);
      const rows = await ctx.db.webhookDelivery.findMany({ where: { companyId }, orderBy: { createdAt: 'desc' }, take: 100 });
      const urls = new Map(
        (await ctx.db.webhookEndpoint.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.endpointId))] } }, select: { id: true, url: true } })).map((e) => [e.id, e.url]),
      );
      return {
        deliveries: rows.map((r) => ({
          id: r.id,
          endpointId: r.endpointId,
          url: urls.get(r.endpointId) ?? '',
          event: r.event as WebhookMessageType,
          status: r.status as 'pending' | 'delivered' | 'failed',
          attempts: r.attempts,
          lastStatus: r.lastStatus,
          lastError: r.lastError,
          createdAt: r.createdAt.toISOString(),
          deliveredAt: r.deliveredAt?.toISOString() ?? null,
        })),
      };
    },
  });

  // Its own small budget, apart from the general one: every ping is a request to the outside.
  const testBudget: RouteBudget = { name: 'webhook-test', perAccount: TEST_DELIVERIES_PER_MINUTE, windowMs: 60_000 };
  api.route(ROUTES.testWebhook, {
    permission: 'webhook.test',
    budget: testBudget,
    location: () => '/v1/company/webhooks/deliveries',
    handler: async ({ params, req }) => {
      const companyId = await administeredCompany(ctx, req);
      const row = await ownEndpoint(ctx, companyId, params.endpointId);
      return { deliveryId: await sendTestPing(ctx.db, { companyId, endpointId: row.id }) };
    },
  });
}

/** One of the company's live endpoints; another company's looks exactly like a missing one (404). */
async function ownEndpoint(ctx: ApiContext, companyId: string, endpointId: string) {
  const row = await ctx.db.webhookEndpoint.findFirst({ where: { id: endpointId, companyId, revokedAt: null } });
  if (!row) throw AppError.worded('NOT_FOUND', REFUSALS.webhookNotFound, 'endpointId');
  return row;
}
