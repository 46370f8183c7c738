/**
 * Debian's Chromium driven by playwright-core (no browser download: the machine has no
 * internet), with the flags this machine needs (see shared/ENVIRONMENT.md). Used by the e2e
 * harness and the console benchmark.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches Chromium (CHROMIUM_PATH or /usr/bin/chromium). playwright-core gives every launch a
 * fresh temporary profile (its own --user-data-dir).
 *
 * @example
 * const browser = await launchChromium();
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}
