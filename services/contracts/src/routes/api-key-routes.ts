/** A forwarder company's API keys. Route contracts (see define-route.ts); who may call each is the api's permission table. */
import { defineRoute } from './define-route.ts';
import { ZApiKeyIdParamsSchema, ZApiKeyListSchema, ZCreateApiKeyRequestSchema, ZIssuedApiKeySchema } from '../api-keys.ts';

export const API_KEY_ROUTES = {
  listApiKeys: defineRoute({
    method: 'get',
    path: '/v1/company/api-keys',
    summary: "Your company's live API keys (prefix, scopes, created, last used); never their secrets",
    tag: 'company',
    response: ZApiKeyListSchema,
  }),
  createApiKey: defineRoute({
    method: 'post',
    path: '/v1/company/api-keys',
    summary: 'Create an API key for your company; the answer is the only time the whole key is shown',
    tag: 'company',
    body: ZCreateApiKeyRequestSchema,
    response: ZIssuedApiKeySchema,
    status: 201,
  }),
  rotateApiKey: defineRoute({
    method: 'post',
    path: '/v1/company/api-keys/:keyId/rotate',
    summary: 'Give an API key a new secret (shown once); the old secret is refused from now on',
    tag: 'company',
    params: ZApiKeyIdParamsSchema,
    response: ZIssuedApiKeySchema,
    errors: [404],
  }),
  revokeApiKey: defineRoute({
    method: 'delete',
    path: '/v1/company/api-keys/:keyId',
    summary: 'Revoke an API key: refused from the next request on',
    tag: 'company',
    params: ZApiKeyIdParamsSchema,
    status: 204,
    response: null,
    errors: [404],
  }),
};
