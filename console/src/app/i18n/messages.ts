/**
 * Every feature's dictionary, in one list. Adding a feature file: create
 * `i18n/<feature>.ts` with `defineMessages`, then add it to FEATURE_MESSAGES (one line).
 * A key defined by two features is caught by messages.test.ts.
 */
import type { KeysOf, Locale } from './define-messages.ts';
import { commonMessages } from './common.ts';
import { shellMessages } from './shell.ts';
import { operatorMessages } from './operator.ts';
import { managerMessages } from './manager.ts';
import { driverMessages } from './driver.ts';
import { publicWaitsMessages } from './public-waits.ts';
import { adminMessages } from './admin.ts';
import { auditMessages } from './audit.ts';
import { journeyMessages } from './journey.ts';
import { bookingMessages } from './booking.ts';
import { displayMessages } from './display.ts';
import { webhookMessages } from './webhooks.ts';
import { capacityPlanMessages } from './capacity-plan.ts';
import { dataConsumerMessages } from './data-consumers.ts';

export const FEATURE_MESSAGES = {
  common: commonMessages,
  shell: shellMessages,
  operator: operatorMessages,
  manager: managerMessages,
  driver: driverMessages,
  publicWaits: publicWaitsMessages,
  admin: adminMessages,
  audit: auditMessages,
  journey: journeyMessages,
  booking: bookingMessages,
  display: displayMessages,
  webhooks: webhookMessages,
  capacityPlan: capacityPlanMessages,
  dataConsumers: dataConsumerMessages,
} as const;

/** Every key any feature defines: `t()` accepts only these. */
export type MessageKey = KeysOf<(typeof FEATURE_MESSAGES)[keyof typeof FEATURE_MESSAGES]>;

/**
 * One flat dictionary per language (built once at start-up). In the built console only Vietnamese
 * is here from the start (src/build/client-bundle.ts): load-locale.ts fills English or Chinese when
 * it is picked. Read it through translate.ts, or after `loadLocale()`.
 */
export const DICTIONARY: Record<Locale, Record<string, string>> = { vi: {}, en: {}, zh: {} };
for (const feature of Object.values(FEATURE_MESSAGES)) {
  for (const locale of ['vi', 'en', 'zh'] as const) Object.assign(DICTIONARY[locale], feature[locale]);
}
