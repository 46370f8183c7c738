/** The company feed as Server-Sent Events (company-feed.ts). Route contract; who may call it is the api's permission table. */
import { defineRoute } from './define-route.ts';
import { ZCompanyFeedQuerySchema } from '../company-feed.ts';

export const COMPANY_FEED_ROUTES = {
  followCompanyFeed: defineRoute({
    method: 'get',
    path: '/v1/company/live',
    summary: "Every event of your company's trips, live, as Server-Sent Events (for systems that cannot hold a socket)",
    description:
      'The same feed as the Socket.IO `/live` subscription `{company: true}` (see /asyncapi.json), as `text/event-stream`; ' +
      'send `Accept: text/event-stream` (anything else gets 406). Open to company administrators, dispatchers and API keys ' +
      'with scope `trips:read`; the company is the caller\'s own. Each message is an SSE event `feed` whose `id:` is its seq; ' +
      'seqs grow by exactly 1, so a gap is a real loss. The first event is a `snapshot` (the active trips at a seq) unless the ' +
      'client resumes: send the last seq received as `Last-Event-ID` (EventSource does so by itself on reconnect) or `?since=`; ' +
      'within 10 minutes the missed messages are replayed, older than that a snapshot comes first. Times are RFC 3339 with the ' +
      "gate's offset. A comment line every 15 s keeps proxies from closing an idle stream.",
    tag: 'company',
    query: ZCompanyFeedQuerySchema,
    produces: ['text/event-stream'],
    response: null,
    errors: [429],
  }),
};
