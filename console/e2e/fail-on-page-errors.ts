/**
 * Every e2e test fails when a page it opened logged an error it did not expect (a pageerror or a
 * console.error: an uncaught exception, a failed request, React's warnings), whatever it asserted:
 * a console that logs errors is a broken console. A test that provokes one on purpose says so with
 * `page.expectErrors(/status of 409/)` (harness.ts).
 */
import { afterEach, expect } from 'vitest';
import { takeUnexpectedPageErrors } from './harness.ts';

afterEach(() => {
  expect(takeUnexpectedPageErrors(), 'errors the browser logged during this test').toEqual([]);
});
