/** Login and the user as the API shows it. */
import { z } from 'zod';
import { ZRoleSchema } from './domain.ts';

export const ZLoginRequestSchema = z
  .object({
    username: z.string().trim().min(1, 'username is required').max(64),
    password: z.string().min(1, 'password is required').max(200),
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

export const ZLoginResponseSchema = z.object({
  /** JWT (HS256) to send as `Authorization: Bearer <token>` and as Socket.IO auth `{ token }`. */
  token: z.string(),
  user: ZUserSchema,
});
export type LoginResponse = z.infer<typeof ZLoginResponseSchema>;
