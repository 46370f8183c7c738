/** The admin's user controls and the demo traffic feeder's switch. Route contracts (see define-route.ts); who may call each is the api's permission table. */
import { z } from 'zod';
import { defineRoute } from './define-route.ts';
import { ZAdminUserListSchema, ZAdminUserSchema, ZChangeRoleRequestSchema, ZCreateUserRequestSchema, ZUserActionRequestSchema, ZUserIdParamsSchema } from '../admin-users.ts';

/** Whether the demo traffic feeder runs, and whether this deployment has one at all (FEEDER=off leaves it out). */
export const ZFeederSwitchSchema = z.object({ enabled: z.boolean(), configured: z.boolean() });
export type FeederSwitch = z.infer<typeof ZFeederSwitchSchema>;
export const ZSetFeederRequestSchema = z.object({ enabled: z.boolean(), reason: z.string().trim().min(3).max(300) }).strict();

export const ADMIN_USER_ROUTES = {
  listUsers: defineRoute({
    method: 'get',
    path: '/v1/admin/users',
    summary: 'Every user account (deleted ones excluded)',
    tag: 'admin',
    response: ZAdminUserListSchema,
  }),
  createUser: defineRoute({
    method: 'post',
    path: '/v1/admin/users',
    summary: 'Create a user account',
    tag: 'admin',
    body: ZCreateUserRequestSchema,
    response: ZAdminUserSchema,
    status: 201,
    errors: [409],
  }),
  disableUser: defineRoute({
    method: 'post',
    path: '/v1/admin/users/:userId/disable',
    summary: 'Disable a user: no login, and their tokens and sockets stop at once in every process',
    tag: 'admin',
    params: ZUserIdParamsSchema,
    body: ZUserActionRequestSchema,
    response: ZAdminUserSchema,
    errors: [404, 409],
  }),
  enableUser: defineRoute({
    method: 'post',
    path: '/v1/admin/users/:userId/enable',
    summary: 'Enable a disabled user (they sign in again; old tokens stay revoked)',
    tag: 'admin',
    params: ZUserIdParamsSchema,
    body: ZUserActionRequestSchema,
    response: ZAdminUserSchema,
    errors: [404],
  }),
  changeUserRole: defineRoute({
    method: 'put',
    path: '/v1/admin/users/:userId/role',
    summary: "Change a user's role; their current tokens are refused at once",
    tag: 'admin',
    params: ZUserIdParamsSchema,
    body: ZChangeRoleRequestSchema,
    response: ZAdminUserSchema,
    errors: [404, 409],
  }),
  deleteUser: defineRoute({
    method: 'delete',
    path: '/v1/admin/users/:userId',
    summary: 'Delete a user (kept for history, but gone: no login, tokens and sockets stop at once)',
    tag: 'admin',
    params: ZUserIdParamsSchema,
    response: null,
    status: 204,
    errors: [404, 409],
  }),
  readDemoFeeder: defineRoute({
    method: 'get',
    path: '/v1/admin/demo-feeder',
    tag: 'admin',
    summary: 'Whether the demo traffic feeder runs (configured = this deployment has one; FEEDER=off leaves it out)',
    response: ZFeederSwitchSchema,
  }),
  setDemoFeeder: defineRoute({
    method: 'put',
    path: '/v1/admin/demo-feeder',
    tag: 'admin',
    summary: 'Turn the demo traffic feeder off or on, with a reason (audited); takes effect within seconds in every process',
    body: ZSetFeederRequestSchema,
    response: ZFeederSwitchSchema,
  }),
};
