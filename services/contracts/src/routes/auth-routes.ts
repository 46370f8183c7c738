/** Sign-in, session and the signed-in user. Route contracts (see define-route.ts); who may call each is the api's permission table. */
import { defineRoute } from './define-route.ts';
import { ZLoginRequestSchema, ZLoginResponseSchema, ZRefreshRequestSchema, ZRefreshResponseSchema, ZUserSchema } from '../auth.ts';

export const AUTH_ROUTES = {
  login: defineRoute({
    method: 'post',
    path: '/v1/auth/login',
    summary: 'Sign in with username and password; returns a short access token and a rotating refresh token',
    tag: 'auth',
    body: ZLoginRequestSchema,
    response: ZLoginResponseSchema,
    errors: [401, 429],
  }),
  me: defineRoute({
    method: 'get',
    path: '/v1/me',
    summary: 'The signed-in user',
    tag: 'auth',
    response: ZUserSchema,
  }),
  refreshSession: defineRoute({
    method: 'post',
    path: '/v1/auth/refresh',
    summary: 'Exchange a refresh token for a new access token and the next refresh token (each is single use)',
    tag: 'auth',
    body: ZRefreshRequestSchema,
    response: ZRefreshResponseSchema,
    errors: [401],
  }),
  logout: defineRoute({
    method: 'post',
    path: '/v1/auth/logout',
    summary: 'Sign out: this session\'s refresh token and access tokens stop working at once, and its sockets are closed',
    tag: 'auth',
    response: null,
    status: 204,
  }),
};
