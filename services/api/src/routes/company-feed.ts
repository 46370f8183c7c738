/**
 * GET /v1/company/live — the company feed (live/company-feed.ts) as Server-Sent Events, for systems
 * that cannot hold a Socket.IO connection: `id:` is the feed's seq, so EventSource resumes by itself
 * with Last-Event-ID after a drop. The company is the caller's own (administrator, dispatcher or API
 * key with trips:read), never a parameter.
 */
import type { Request } from 'express';
import { ROUTES, type CompanyFeedMessage, type CompanyFeedSnapshot } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { AppError } from '../app-error.ts';
import { principalOf } from '../auth/require-auth.ts';
import { feedCompanyOf } from '../live/company-feed.ts';

/** A comment line this often keeps proxies and load balancers from closing an idle stream. */
export const SSE_HEARTBEAT_MS = 15_000;
/** What EventSource waits before reconnecting after a drop. */
const SSE_RETRY_MS = 3_000;

const MESSAGES = {
  accept: {
    en: 'Accept must name text/event-stream: this route streams Server-Sent Events',
    vi: 'Accept phải có text/event-stream: đường dẫn này gửi luồng Server-Sent Events',
    zh: 'Accept 必须包含 text/event-stream：此接口以 Server-Sent Events 推送',
  },
  lastEventId: {
    en: 'Last-Event-ID must be the id (a seq) of an event this feed sent',
    vi: 'Last-Event-ID phải là id (số thứ tự) của một sự kiện mà luồng này đã gửi',
    zh: 'Last-Event-ID 必须是本推送已发送事件的 id（序号）',
  },
} as const;

/** Where to resume: Last-Event-ID (sent by EventSource on reconnect) wins over ?since. */
function resumeSeq(req: Request, since: number | undefined): number | undefined {
  const header = req.get('last-event-id');
  if (header === undefined || header.trim() === '') return since;
  if (!/^\d{1,15}$/.test(header.trim())) throw AppError.worded('VALIDATION_FAILED', MESSAGES.lastEventId, 'Last-Event-ID');
  return Number(header.trim());
}

const frame = (event: string, seq: number, data: CompanyFeedMessage | CompanyFeedSnapshot) => `id: ${seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export function companyFeedRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.followCompanyFeed, {
    permission: 'live.company',
    handler: async ({ req, res, query }) => {
      const companyId = await feedCompanyOf(ctx, principalOf(req));
      // Without it a generic client would wait on a response that never ends.
      if (!/\btext\/event-stream\b/i.test(req.get('accept') ?? '')) throw AppError.worded('NOT_ACCEPTABLE', MESSAGES.accept, 'Accept');
      const since = resumeSeq(req, query.since);
      res.status(200);
      res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      res.setHeader('Cache-Control', 'private, no-store, no-transform');
      res.setHeader('X-Accel-Buffering', 'no');
      res.socket?.setNoDelay(true);
      res.socket?.setTimeout(0);
      let started = false;
      const write = (text: string) => {
        if (!started) {
          started = true;
          res.write(`retry: ${SSE_RETRY_MS}\n\n`);
        }
        res.write(text);
      };
      const feed = await ctx.companyFeed.subscribe(
        companyId,
        {
          snapshot: (s) => write(frame('snapshot', s.seq, s)),
          message: (m) => write(frame('feed', m.seq, m)),
          end: () => res.end(),
        },
        since,
      );
      // A resume with nothing missed wrote nothing yet: the stream opens now.
      write('');
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS);
      heartbeat.unref();
      const stop = () => {
        clearInterval(heartbeat);
        feed.close();
      };
      req.once('close', stop);
      if (req.destroyed) stop();
      return undefined;
    },
  });
}
