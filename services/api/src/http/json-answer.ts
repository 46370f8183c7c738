/**
 * How the API writes a JSON answer: the status, headers, 304 and HEAD handling of Express'
 * `res.json`, without the work it does for every answer that no client of a JSON API uses (issues
 * 12 and 15: a trip read's and a booking refusal's answer):
 * - Express copies the text into a Buffer (twice when it makes an ETag), hashes it for a weak ETag,
 *   and re-parses the Content-Type to add its charset; the headers and that Buffer then leave as two
 *   chunks of one `writev`. Here the text is never copied: Node joins it to the headers as one chunk.
 * - An ETag is generated (Express' own `etag fn`, same value) only where a client can use it: a
 *   GET or HEAD answer a cache may keep. An answer marked `no-store` (every signed-in caller's, every
 *   problem) is never kept, so nothing revalidates it; a POST's is never conditional. A route's own
 *   ETag (a trip's version, the public feeds') is kept as set, and still answers 304.
 */
import type { Request, Response } from 'express';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Express' ETag maker as the app is configured (`etag` setting), or none. */
type EtagFn = (body: string, encoding: BufferEncoding) => string | undefined;

/** Whether a cache may keep the answer (and so a client revalidate it with its ETag). */
function mayBeStored(res: Response): boolean {
  const cc = res.getHeader('Cache-Control');
  return typeof cc !== 'string' || !/(^|[\s,])no-store([\s,]|$)/i.test(cc);
}

/**
 * Sends `out` as the JSON answer with `status` (a text already serialised is sent as it is), typed
 * `contentType` when given, else `application/json` unless the handler set a type of its own.
 *
 * @example
 * sendJson(req, res, 200, trip);
 * sendJson(req, res, 409, JSON.stringify(problem), PROBLEM_CONTENT_TYPE);
 */
export function sendJson(req: Request, res: Response, status: number, out: unknown, contentType?: string): void {
  const body = typeof out === 'string' ? out : JSON.stringify(out);
  // A type the handler chose: Express adds its charset by its own rules.
  if (contentType === undefined && res.hasHeader('Content-Type')) {
    res.status(status).send(body);
    return;
  }
  res.statusCode = status;
  res.setHeader('Content-Type', contentType ?? JSON_CONTENT_TYPE);
  if (!res.hasHeader('Transfer-Encoding')) res.setHeader('Content-Length', Buffer.byteLength(body, 'utf8'));
  const conditional = req.method === 'GET' || req.method === 'HEAD';
  if (conditional && !res.hasHeader('ETag') && mayBeStored(res)) {
    const etagFn = req.app.get('etag fn') as EtagFn | undefined;
    const tag = etagFn?.(body, 'utf8');
    if (tag) res.setHeader('ETag', tag);
  }
  if (conditional && req.fresh) res.statusCode = 304;
  // As Express strips them: no body, and no headers describing one.
  if (res.statusCode === 204 || res.statusCode === 304) {
    res.removeHeader('Content-Type');
    res.removeHeader('Content-Length');
    res.removeHeader('Transfer-Encoding');
    res.end();
    return;
  }
  if (res.statusCode === 205) {
    res.setHeader('Content-Length', '0');
    res.removeHeader('Transfer-Encoding');
    res.end();
    return;
  }
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // Node joins a string body to the headers: one chunk of text, encoded once into the socket's write.
  res.end(body, 'utf8');
}
