/** A forwarder company's API keys (issue 13): created, listed, rotated and revoked by its administrator. */
import { z } from 'zod';

/** What a key may do. Each scope opens a fixed set of permission-table rows (api permissions.ts). */
export const API_KEY_SCOPES = ['trips:read', 'trips:write'] as const;
export const ZApiKeyScopeSchema = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof ZApiKeyScopeSchema>;

export const ZCreateApiKeyRequestSchema = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(80, 'name must be at most 80 characters'),
    scopes: z.array(ZApiKeyScopeSchema).min(1, 'scopes needs at least one scope'),
  })
  .strict();
export type CreateApiKeyRequest = z.infer<typeof ZCreateApiKeyRequestSchema>;

export const ZApiKeyIdParamsSchema = z.object({ keyId: z.uuid('keyId must be an API key id (UUID)') }).strict();

export const ZApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Public part of the key, `bfk_<prefix>`: how lists and logs name it. */
  prefix: z.string(),
  scopes: z.array(ZApiKeyScopeSchema),
  createdAt: z.string(),
  /** ISO 8601 of the last authenticated request (to the minute), else null. */
  lastUsedAt: z.string().nullable(),
  rotatedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof ZApiKeySchema>;

/** Answer of create and rotate: the only time the whole key is shown. */
export const ZIssuedApiKeySchema = ZApiKeySchema.extend({
  /** The secret key (`bfk_<prefix>_<secret>`). Shown once; the server keeps only its hash. */
  key: z.string(),
});
export type IssuedApiKey = z.infer<typeof ZIssuedApiKeySchema>;

export const ZApiKeyListSchema = z.object({ keys: z.array(ZApiKeySchema) });
export type ApiKeyList = z.infer<typeof ZApiKeyListSchema>;
