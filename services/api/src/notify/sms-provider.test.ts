/** Which SMS provider the platform uses, and what the default one does. */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { LogSmsProvider, maskPhone, smsProviderFromEnv, type SmsMessage, type SmsProvider } from './sms-provider.ts';

const logger = createLogger({ LOG_LEVEL: 'silent' });

describe('SMS provider selection', () => {
  it('is the log provider by default and when asked for by name', () => {
    expect(smsProviderFromEnv({}, logger)).toBeInstanceOf(LogSmsProvider);
    expect(smsProviderFromEnv({ SMS_PROVIDER: ' log ' }, logger).name).toBe('log');
  });

  it('refuses an unknown provider, naming the known ones, instead of dropping every SMS', () => {
    expect(() => smsProviderFromEnv({ SMS_PROVIDER: 'viettel' }, logger)).toThrow(/SMS_PROVIDER=viettel .*known: log/);
  });

  it('takes a provider added to the registry', async () => {
    const sent: SmsMessage[] = [];
    const operator: SmsProvider = { name: 'operator', send: async (m) => void sent.push(m) };
    const chosen = smsProviderFromEnv({ SMS_PROVIDER: 'operator' }, logger, { log: (l) => new LogSmsProvider(l), operator: () => operator });
    await chosen.send({ to: '+84912345678', text: 'x', locale: 'vi' });
    expect(sent).toHaveLength(1);
  });

  it('keeps phone numbers out of the log but for their last digits', () => {
    expect(maskPhone('+84912345678')).toBe('+••••••••678');
  });
});
