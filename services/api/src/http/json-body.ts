/**
 * The JSON body of a request. The common case (a stated length within the limit, no content
 * encoding, `application/json` in UTF-8) is read and parsed here; anything else goes to Express'
 * body-parser as before (compressed bodies, other charsets, chunked or oversized bodies). body-parser
 * built a decoder, a raw-body reader with half a dozen listeners and an on-finished hook for every
 * body: ~3 % of a booking storm's CPU (issue 12). The answers are body-parser's: the same parsed
 * value (strict: an object or an array; an empty body is `{}`; a UTF-8 BOM is skipped), and the same
 * error `type`s, which the error handler words (error-handler.ts).
 */
import express, { type RequestHandler } from 'express';
import type { IncomingMessage } from 'node:http';

/** A stated length: digits only (anything else is body-parser's to judge). */
const DIGITS = /^\d{1,9}$/;
/** JSON in UTF-8: no charset parameter, or utf-8 (in any case, quoted or not). */
const PLAIN_JSON = /^application\/json(?:\s*;\s*charset\s*=\s*"?utf-8"?)?\s*$/i;
/** The first character a strict JSON body may start with, after RFC 8259 whitespace. */
const FIRST = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d]|$)/;

/** An error as body-parser reports it: the `type` and status the error handler reads. */
function bodyError(type: string, message: string): Error {
  return Object.assign(new Error(message), { type, status: 400, statusCode: 400, expose: true });
}

/**
 * What body-parser's strict JSON parser gives for `text`: `{}` for an empty body, else an object
 * or an array; anything else throws an `entity.parse.failed` error.
 *
 * @example
 * parseStrictJson('[1]'); // [1]
 */
export function parseStrictJson(text: string): unknown {
  if (text.length === 0) return {};
  const first = text[0] === '{' || text[0] === '[' ? text[0] : FIRST.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw bodyError('entity.parse.failed', 'JSON body must be an object or an array');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw bodyError('entity.parse.failed', (err as Error).message);
  }
}

/**
 * Middleware setting `req.body` from a JSON body, for requests `shouldParse` takes.
 *
 * @example
 * app.use(jsonBody(64 * 1024, parsesAsJson));
 */
export function jsonBody(
  limitBytes: number,
  shouldParse: (req: IncomingMessage) => boolean,
  /** What reads every other body: body-parser with the same limit and rule. */
  bodyParser: RequestHandler = express.json({ limit: limitBytes, type: shouldParse }),
): RequestHandler {
  return (req, res, next) => {
    const { headers } = req;
    const length = headers['content-length'];
    const encoding = headers['content-encoding'];
    if (length === undefined || !DIGITS.test(length) || length === '0' || Number(length) > limitBytes
      || headers['transfer-encoding'] !== undefined || (encoding !== undefined && encoding.toLowerCase() !== 'identity')
      || !PLAIN_JSON.test(headers['content-type'] ?? '') || req.readableEnded || !shouldParse(req)) {
      void bodyParser(req, res, next);
      return;
    }
    const expected = Number(length);
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (err: Error | null): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (err) {
        next(err);
        return;
      }
      if (received !== expected) {
        next(bodyError('request.size.invalid', 'request size did not match content length'));
        return;
      }
      let text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)).toString('utf8');
      // body-parser's decoder drops a byte order mark.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      try {
        req.body = parseStrictJson(text);
      } catch (e) {
        next(e);
        return;
      }
      next();
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      received += chunk.length;
    };
    const onEnd = (): void => finish(null);
    const onError = (): void => finish(bodyError('request.aborted', 'request aborted'));
    // 'close' before 'end': the client went away mid-body.
    const onClose = (): void => finish(bodyError('request.aborted', 'request aborted'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  };
}
