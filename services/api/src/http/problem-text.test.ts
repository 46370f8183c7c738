/**
 * A refusal's text written from its kept frame (problemText) is, byte for byte, the problem body
 * the error handler wrote before (JSON.stringify(problemBody)): for every code, language, field and
 * wording, a path with a query or characters JSON escapes, a request id or none, and on the second
 * and later refusals of the same kind (the frame kept), not only the first.
 */
import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error.ts';
import { bookingError } from '../booking/booking-messages.ts';
import { problemBody, problemText } from './problem.ts';
import { requestId } from './request-id.ts';
import { REFUSALS } from './refusal-words.ts';

/** What problemBody reads of a request: its language, its path and its id (set as request-frame sets it). */
function request(url: string, lang?: string, id?: string): Request {
  const headers: Record<string, string> = {};
  if (lang) headers['accept-language'] = lang;
  if (id) headers['x-request-id'] = id;
  const req = { headers, originalUrl: url, url, acceptsLanguages: (...langs: string[]) => langs.find((l) => lang?.startsWith(l)) ?? false } as unknown as Request;
  if (id !== undefined) requestId(req, { setHeader: () => undefined } as unknown as Response);
  return req;
}

const errors = (): AppError[] => {
  const withExisting = AppError.worded('CONFLICT', REFUSALS.tripNotFound, 'tripId');
  withExisting.existingId = 'trip-1';
  return [
    AppError.worded('NOT_FOUND', REFUSALS.tripNotFound, 'tripId'),
    AppError.worded('UNAUTHENTICATED', REFUSALS.missingBearer),
    AppError.worded('RATE_LIMITED', REFUSALS.tooManyRequests(true, 12)),
    new AppError('CONFLICT', 'Plain "quoted" words\\ with a slash / and ~', 'vehicle.plate'),
    new AppError('INTERNAL', 'Something broke'),
    // The same words under another code, and another field: each its own frame.
    new AppError('NOT_FOUND', 'Plain "quoted" words\\ with a slash / and ~', 'vehicle.plate'),
    new AppError('CONFLICT', 'Plain "quoted" words\\ with a slash / and ~', 'trip.vehicle'),
    new AppError('VALIDATION_FAILED', 'Two problems', 'a', [
      { pointer: '/a', field: 'a', in: 'body', rule: 'required', detail: 'a is required' },
      { pointer: '/b', field: 'b', in: 'body', rule: 'type', detail: 'b must be a number' },
    ]),
    AppError.worded('NOT_ACCEPTABLE', REFUSALS.sendJson, 'Accept', [{ pointer: '', field: 'Accept', in: 'header', rule: 'header', detail: 'x' }]),
    withExisting,
  ];
};

describe('problemText', () => {
  it('writes every refusal as JSON.stringify(problemBody) does, the first time and every time after', () => {
    const requests = [
      request('/v1/bookings', undefined, 'req-1'),
      request('/v1/bookings?x=1', 'vi', 'req-2'),
      request('/v1/trips/"odd"\\path', 'zh-CN,zh;q=0.9', 'req:3'),
      request('/v1/bookings', 'en'),
      request('/v1/bookings', 'vi'),
    ];
    for (let round = 0; round < 3; round++) {
      for (const req of requests) {
        for (const err of errors()) expect(problemText(err, req)).toBe(JSON.stringify(problemBody(err, req)));
      }
    }
  });

  it("writes a booking storm's refusals (the slot full, a quota with its figure) in each caller's language", () => {
    for (const lang of [undefined, 'vi', 'zh', 'en']) {
      for (const id of ['a', 'b']) {
        const req = request('/v1/bookings', lang, id);
        const refusals = [
          bookingError(req, 'CONFLICT', 'full', 'slotStart'),
          bookingError(req, 'CONFLICT', 'quota', 'tripId', { quota: 2 }),
          bookingError(req, 'CONFLICT', 'quota', 'tripId', { quota: 3 }),
          bookingError(req, 'TRIP_WRONG_STATE', 'trip_state', 'tripId', { state: 'called' }),
        ];
        for (const err of refusals) {
          const text = problemText(err, req);
          expect(text).toBe(JSON.stringify(problemBody(err, req)));
          expect(JSON.parse(text)).toMatchObject({ requestId: id, instance: '/v1/bookings', error: { message: err.message } });
        }
      }
    }
  });
});
