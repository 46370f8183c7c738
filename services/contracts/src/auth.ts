/** Login, sessions (access + rotating refresh tokens) and the user as the API shows it. */
import { z } from 'zod';
import { plainText } from './text.ts';
import { ZRoleSchema } from './domain.ts';

export const ZLoginRequestSchema = z
  .object({
    username: plainText(z.string().trim().min(1, 'username is required').max(64)),
    password: plainText(z.string().min(1, 'password is required').max(200)),
  })
  .strict();
export type LoginRequest = z.infer<typeof ZLoginRequestSchema>;

export const ZUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: ZRoleSchema,
  displayName: z.string(),
});
export type User = z.infer<typeof ZUserSchema>;

/** What login and refresh return: a short access token and the refresh token that replaces it. */
export const ZSessionTokensSchema = z.object({
  /** JWT (HS256, 15 min by default) to send as `Authorization: Bearer <token>` and as Socket.IO auth `{ token }`. */
  token: z.string(),
  /** When `token` expires (ISO 8601): refresh shortly before. */
  expiresAt: z.string(),
  /** Opaque, single use: POST it to /v1/auth/refresh for the next pair. Presenting it twice ends the session. */
  refreshToken: z.string(),
  /** When `refreshToken` expires (ISO 8601). */
  refreshExpiresAt: z.string(),
});
export type SessionTokens = z.infer<typeof ZSessionTokensSchema>;

export const ZLoginResponseSchema = ZSessionTokensSchema.extend({ user: ZUserSchema });
export type LoginResponse = z.infer<typeof ZLoginResponseSchema>;

export const ZRefreshRequestSchema = z
  .object({ refreshToken: z.string().min(1, 'refreshToken is required').max(200) })
  .strict();
export type RefreshRequest = z.infer<typeof ZRefreshRequestSchema>;

/** Refresh answers like login, so a client keeps one code path. */
export const ZRefreshResponseSchema = ZLoginResponseSchema;
export type RefreshResponse = z.infer<typeof ZRefreshResponseSchema>;
