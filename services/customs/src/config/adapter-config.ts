/**
 * Which agency adapters run for which gate is configuration, not code: a JSON
 * document (env AGENCY_ADAPTERS, or the file named by AGENCY_ADAPTERS_FILE)
 * validated here. Without either, development gets the demo configuration
 * (see demo-config.ts) that talks to the customs-authority simulator.
 */
import { z } from 'zod';
import {
  GATE_EVENT_MESSAGE_TYPES,
  ZAdapterKindSchema,
  ZAdapterNameSchema,
  ZAgencySchema,
  ZGateCodeSchema,
  ZGateEventMessageTypeSchema,
  ZSystemIdSchema,
} from '@borderflow/contracts';

/** A shared HMAC key. The secret is given inline (development) or, better, by the name of an env variable. */
export const ZSigningKeyConfigSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'key id must be 1–64 letters, digits, ., _, : or -'),
    secret: z.string().min(16, 'secret must be at least 16 characters').optional(),
    /** Name of the environment variable holding the secret. */
    secretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'secretEnv must be an environment variable name').optional(),
    /** After this instant the key is no longer accepted (rotation: retire the old key). */
    notAfter: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((k) => (k.secret === undefined) !== (k.secretEnv === undefined), {
    message: 'give exactly one of secret or secretEnv',
    path: ['secret'],
  });
export type SigningKeyConfig = z.infer<typeof ZSigningKeyConfigSchema>;

/** Retries and circuit breaker of one adapter's outbound queue. */
export const ZDeliveryConfigSchema = z
  .object({
    /** Attempts per message while the far end answers (breaker closed) before it is dead-lettered. */
    attempts: z.number().int().min(1).max(100).default(12),
    /** First retry delay; doubles per attempt, with jitter (50–100 % of the computed delay). */
    backoffMs: z.number().int().min(1).default(1000),
    maxBackoffMs: z.number().int().min(1).default(5 * 60_000),
    /** Messages in flight at once (one per trip at most). */
    concurrency: z.number().int().min(1).max(500).default(16),
    /** HTTP timeout of one delivery. */
    timeoutMs: z.number().int().min(10).default(10_000),
    /** Failures in a row that open the breaker. */
    failureThreshold: z.number().int().min(1).default(5),
    /** How long the breaker stays open before one probe is let through. */
    cooldownMs: z.number().int().min(1).default(30_000),
    /** A probe that has not reported back after this long lets another probe go. */
    probeTimeoutMs: z.number().int().min(1).default(15_000),
  })
  .strict();
export type DeliveryConfig = z.infer<typeof ZDeliveryConfigSchema>;

export const ZAdapterConfigSchema = z
  .object({
    name: ZAdapterNameSchema,
    kind: ZAdapterKindSchema,
    agency: ZAgencySchema,
    /** Gates whose trips this adapter reports. */
    gates: z.array(ZGateCodeSchema).min(1, 'list at least one gate'),
    enabled: z.boolean().default(true),
    /** The far end's system id (envelope `receiver`). */
    receiver: ZSystemIdSchema,
    /** Where movement notices and gate events are POSTed. */
    url: z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL' }),
    /** What goes out: notices, gate events (of these types; default all). */
    sends: z.array(z.enum(['movement_notice', 'gate_event'])).default(['movement_notice', 'gate_event']),
    gateEventTypes: z.array(ZGateEventMessageTypeSchema).default([...GATE_EVENT_MESSAGE_TYPES]),
    /** Keys shared with this agency: several during a rotation. */
    keys: z.array(ZSigningKeyConfigSchema).min(1, 'an adapter needs at least one key'),
    /** Key id outbound messages are signed with (default: the first key). */
    signWith: z.string().optional(),
    /** VNACCS polling mode: fetch decisions from `url` every `intervalMs` (besides accepting callbacks). */
    polling: z
      .object({ url: z.url({ protocol: /^https?$/ }), intervalMs: z.number().int().min(50).default(5000) })
      .strict()
      .optional(),
    delivery: ZDeliveryConfigSchema.default(ZDeliveryConfigSchema.parse({})),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.signWith && !a.keys.some((k) => k.id === a.signWith)) {
      ctx.addIssue({ code: 'custom', path: ['signWith'], message: `signWith ${a.signWith} is not one of the adapter's keys` });
    }
    if (a.polling && a.kind !== 'vnaccs') {
      ctx.addIssue({ code: 'custom', path: ['polling'], message: 'polling is a VNACCS adapter mode' });
    }
  });
export type AdapterConfig = z.infer<typeof ZAdapterConfigSchema>;
export type AdapterConfigInput = z.input<typeof ZAdapterConfigSchema>;

export const ZAgencyAdaptersConfigSchema = z
  .object({
    /** Our own system id (envelope `sender`), e.g. borderflow.kt */
    systemId: ZSystemIdSchema.default('borderflow'),
    /** Inbound messages signed longer ago (or further ahead) than this are refused as stale. */
    replayWindowMs: z.number().int().min(1000).default(5 * 60_000),
    /** Customs office code per gate, for movement notices (declarations carry no office of their own). */
    customsOffices: z.record(ZGateCodeSchema, z.string()).default({}),
    adapters: z.array(ZAdapterConfigSchema).default([]),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.adapters.forEach((a, i) => {
      if (seen.has(a.name)) ctx.addIssue({ code: 'custom', path: ['adapters', i, 'name'], message: `adapter ${a.name} is listed twice` });
      seen.add(a.name);
    });
  });
export type AgencyAdaptersConfig = z.infer<typeof ZAgencyAdaptersConfigSchema>;
export type AgencyAdaptersConfigInput = z.input<typeof ZAgencyAdaptersConfigSchema>;

/**
 * Validates a configuration document; the error names the field.
 *
 * @example
 * const config = parseAdaptersConfig(JSON.parse(readFileSync('agencies.json', 'utf8')));
 */
export function parseAdaptersConfig(input: unknown): AgencyAdaptersConfig {
  const result = ZAgencyAdaptersConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new Error(`agency adapter configuration: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
