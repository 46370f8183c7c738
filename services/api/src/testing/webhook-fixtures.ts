/**
 * Carrier webhook tests: a receiver on port 0 and a platform that delivers to loopback at once, with an
 * administrator for a second company (driver2's) beside the seeded fleetadmin1.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import bcrypt from 'bcryptjs';
import { startTestApi, type TestApi } from './test-api.ts';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  /** Every request, in order of arrival. */
  got: Received[];
  /** Statuses to answer, first in first used; then 204. */
  answers: number[];
  server: Server;
}

export async function webhookReceiver(): Promise<WebhookReceiver> {
  const got: Received[] = [];
  const answers: number[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.statusCode = answers.shift() ?? 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/borderflow`, got, answers, server };
}

/** Loopback receivers allowed (production refuses private addresses), retries after 100 ms, outbox read every 50 ms. */
export async function startWebhookTestApi(): Promise<TestApi> {
  const t = await startTestApi({ notify: { allowPrivateWebhooks: true, webhookBackoffMs: 100, outboxPollMs: 50 } });
  const driver2 = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver2' } });
  await t.db.prisma.user.create({
    data: { username: 'fleetadmin2', passwordHash: await bcrypt.hash('demo', 4), role: 'driver', displayName: 'Fleet admin 2', companyId: driver2.companyId, companyRole: 'admin' },
  });
  return t;
}
