/**
 * SMS to drivers through a provider interface. The default provider writes each message to the
 * log (a gate with no SMS contract still sees what would have been sent); a real provider (an
 * operator's HTTP API) is one more entry in the registry, chosen with SMS_PROVIDER.
 */
import type { Logger } from 'pino';

export type NoticeLocale = 'vi' | 'en' | 'zh';

export interface SmsMessage {
  /** E.164 phone number, e.g. +84912345678. */
  to: string;
  text: string;
  locale: NoticeLocale;
}

export interface SmsProvider {
  readonly name: string;
  /** Resolves once the provider accepted the message; rejects to have it retried. */
  send(message: SmsMessage): Promise<void>;
}

/** Masks all but the last 3 digits: a log line should not be a phone book. */
export function maskPhone(phone: string): string {
  return phone.replace(/\d(?=\d{3})/g, '•');
}

/**
 * The default: each SMS becomes one log line (component `sms`).
 *
 * @example
 * await new LogSmsProvider(logger).send({ to: '+84912345678', text: 'Xe 24C-123.45 được gọi vào Làn nhập N1', locale: 'vi' });
 */
export class LogSmsProvider implements SmsProvider {
  readonly name = 'log';
  constructor(private readonly logger: Logger) {}
  async send(message: SmsMessage): Promise<void> {
    this.logger.info({ component: 'sms', to: maskPhone(message.to), locale: message.locale, text: message.text }, 'SMS (log provider)');
  }
}

/** Providers by the name SMS_PROVIDER gives. */
export type SmsProviderRegistry = Record<string, (logger: Logger) => SmsProvider>;

export const SMS_PROVIDERS: SmsProviderRegistry = { log: (logger) => new LogSmsProvider(logger) };

/**
 * The provider SMS_PROVIDER names (default `log`); an unknown name stops the start with the list
 * of known ones, rather than losing every SMS silently.
 *
 * @example
 * smsProviderFromEnv({ SMS_PROVIDER: 'log' }, logger).name; // 'log'
 */
export function smsProviderFromEnv(env: NodeJS.ProcessEnv, logger: Logger, registry: SmsProviderRegistry = SMS_PROVIDERS): SmsProvider {
  const name = env.SMS_PROVIDER?.trim() || 'log';
  const make = registry[name];
  if (!make) throw new Error(`SMS_PROVIDER=${name} is not a known SMS provider; known: ${Object.keys(registry).join(', ')}`);
  return make(logger);
}
