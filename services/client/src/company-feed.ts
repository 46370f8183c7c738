/**
 * The company feed over Server-Sent Events (`GET /v1/company/live`), for systems that cannot hold a
 * socket: every event of every trip of the caller's company, and every change of a waiting truck's
 * place and ETA (absolute RFC 3339 times with a range), each with the feed's gap-free `seq`.
 *
 * The stream is read with fetch (no EventSource: it cannot send an API key header). After a drop
 * it reconnects with `Last-Event-ID` = the last seq received, so the server replays what was missed
 * (within its recovery window; older, a snapshot comes first). Every message is parsed with the
 * contracts' schema, so a message the document does not describe fails loudly, not later.
 */
import {
  COMPANY_FEED_RECOVERY_MS,
  ROUTES,
  ZCompanyFeedMessageSchema,
  ZCompanyFeedSnapshotSchema,
  type CompanyFeedMessage,
  type CompanyFeedSnapshot,
} from '@borderflow/contracts';
import { callerHeaders, withQuery, type ClientOptions } from './client.ts';
import { ApiError } from './api-error.ts';

export interface CompanyFeedOptions extends ClientOptions {
  /** Resume after this seq (the last one your system stored); omitted: a snapshot first. */
  since?: number;
  /** The company's active trips at a seq (first connection, or a resume older than the window). */
  onSnapshot?: (snapshot: CompanyFeedSnapshot) => void;
  /** One message of the feed, in seq order. */
  onMessage: (message: CompanyFeedMessage) => void;
  /** A refusal (401, 403, 406, 429) or a broken message: the feed stops. Reconnects are not reported. */
  onError?: (error: unknown) => void;
  /** Wait before reconnecting after a drop, in ms (default 1,000). */
  reconnectAfterMs?: number;
}

export interface CompanyFeed {
  /** The last seq received (what a resume starts after); undefined before the first message. */
  readonly lastSeq: number | undefined;
  /** Resolves once the stream is open and its first message (snapshot or replay) may come. */
  readonly opened: Promise<void>;
  /** Stops following (the open request is aborted). */
  close(): void;
}

interface Frame {
  event: string;
  data: string;
}

/** Splits an SSE byte stream into frames (`event:` and `data:` lines up to a blank line); comments are skipped. */
async function* frames(body: ReadableStream<Uint8Array>): AsyncGenerator<Frame> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) yield { event, data: data.join('\n') };
    }
  }
}

/**
 * Follows the caller's company feed until `close()`.
 *
 * @example
 * const feed = followCompanyFeed({ baseUrl, apiKey, since: stored.lastSeq,
 *   onMessage: (m) => m.kind === 'position' ? showEta(m.tripId, m.eta.expectedAt) : applyEvent(m) });
 * await feed.opened;
 * // later: feed.close(); store feed.lastSeq to resume from it
 */
export function followCompanyFeed(options: CompanyFeedOptions): CompanyFeed {
  const base = (options.baseUrl ?? '').replace(/\/$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const stop = new AbortController();
  let lastSeq = options.since;
  let markOpen: () => void = () => undefined;
  let failOpen: (err: unknown) => void = () => undefined;
  const opened = new Promise<void>((resolve, reject) => {
    markOpen = resolve;
    failOpen = reject;
  });
  opened.catch(() => undefined); // reported through onError too

  const fail = (err: unknown) => {
    stop.abort();
    failOpen(err);
    options.onError?.(err);
  };

  async function connect(): Promise<'dropped' | 'stopped'> {
    const headers: Record<string, string> = { accept: 'text/event-stream', ...callerHeaders(options) };
    if (lastSeq !== undefined) headers['last-event-id'] = String(lastSeq);
    const res = await doFetch(`${base}${withQuery(ROUTES.followCompanyFeed.path)}`, { headers, signal: stop.signal });
    if (!res.ok || !res.body) {
      const text = await res.text();
      let problem: unknown = text;
      try {
        problem = JSON.parse(text);
      } catch {
        // Not JSON (a proxy's page): the status says enough.
      }
      fail(ApiError.fromResponse(res.status, problem));
      return 'stopped';
    }
    markOpen();
    for await (const frame of frames(res.body)) {
      if (frame.event === 'snapshot') {
        const snapshot = ZCompanyFeedSnapshotSchema.parse(JSON.parse(frame.data));
        lastSeq = snapshot.seq;
        options.onSnapshot?.(snapshot);
      } else if (frame.event === 'feed') {
        const message = ZCompanyFeedMessageSchema.parse(JSON.parse(frame.data));
        lastSeq = message.seq;
        options.onMessage(message);
      }
    }
    return 'dropped';
  }

  void (async () => {
    while (!stop.signal.aborted) {
      try {
        if ((await connect()) === 'stopped') return;
      } catch (err) {
        if (stop.signal.aborted) return;
        // A message the schemas refuse is a contract break, not a drop: stop rather than skip it.
        if (err instanceof SyntaxError || (err as { name?: string }).name === 'ZodError') return fail(err);
      }
      // Dropped (a deploy, a proxy's timeout): resume after the last seq, well inside the recovery window.
      await new Promise((resolve) => setTimeout(resolve, Math.min(options.reconnectAfterMs ?? 1_000, COMPANY_FEED_RECOVERY_MS / 10)));
    }
  })();

  return {
    get lastSeq() {
      return lastSeq;
    },
    opened,
    close: () => stop.abort(),
  };
}
