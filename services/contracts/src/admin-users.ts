/** The admin's user controls: list, create, disable/enable, change role, delete. */
import { z } from 'zod';
import { ZRoleSchema } from './domain.ts';
import { ZUserSchema } from './auth.ts';
import { ZAgencySchema } from './common.ts';

export const ZAdminUserSchema = ZUserSchema.extend({
  companyId: z.string().nullable(),
  agency: z.string().nullable(),
  /** ISO 8601 when disabled, else null. */
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
});
export type AdminUser = z.infer<typeof ZAdminUserSchema>;

export const ZAdminUserListSchema = z.object({ users: z.array(ZAdminUserSchema) });
export type AdminUserList = z.infer<typeof ZAdminUserListSchema>;

export const ZUserIdParamsSchema = z.object({ userId: z.uuid('userId must be a user id (UUID)') }).strict();

const ZUsernameSchema = z
  .string()
  .trim()
  .min(3, 'username must be 3 to 64 characters')
  .max(64, 'username must be 3 to 64 characters')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'username may use only a-z, 0-9, ".", "_" and "-", starting with a letter or digit');

export const ZCreateUserRequestSchema = z
  .object({
    username: ZUsernameSchema,
    password: z.string().min(10, 'password must be at least 10 characters').max(200),
    role: ZRoleSchema,
    displayName: z.string().trim().min(1, 'displayName is required').max(120),
    companyId: z.uuid('companyId must be a company id (UUID)').optional(),
    agency: ZAgencySchema.optional(),
  })
  .strict();
export type CreateUserRequest = z.infer<typeof ZCreateUserRequestSchema>;

export const ZChangeRoleRequestSchema = z.object({ role: ZRoleSchema }).strict();
export type ChangeRoleRequest = z.infer<typeof ZChangeRoleRequestSchema>;

/** Disable and delete say why; the reason goes to the audit log. */
export const ZUserActionRequestSchema = z
  .object({ reason: z.string().trim().min(1, 'reason is required').max(500).optional() })
  .strict();
export type UserActionRequest = z.infer<typeof ZUserActionRequestSchema>;
