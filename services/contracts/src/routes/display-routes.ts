/** The yard's LED board and its display tokens. Route contracts (see define-route.ts); who may call each is the api's permission table. */
import { defineRoute } from './define-route.ts';
import { ZCallUpBoardSchema, ZCreateDisplayTokenRequestSchema, ZDisplayTokenIdParamsSchema, ZDisplayTokenListSchema, ZIssuedDisplayTokenSchema } from '../call-up-board.ts';
import { ZGateParamsSchema } from './params.ts';

export const DISPLAY_ROUTES = {
  listDisplayTokens: defineRoute({
    method: 'get',
    path: '/v1/gates/:gate/display-tokens',
    summary: "The gate's live LED-board display tokens (name, prefix); never their secrets",
    tag: 'display',
    params: ZGateParamsSchema,
    response: ZDisplayTokenListSchema,
    errors: [404],
  }),
  createDisplayToken: defineRoute({
    method: 'post',
    path: '/v1/gates/:gate/display-tokens',
    summary: 'Issue a display token for a TV in the yard; the answer is the only time the whole token is shown',
    tag: 'display',
    params: ZGateParamsSchema,
    body: ZCreateDisplayTokenRequestSchema,
    response: ZIssuedDisplayTokenSchema,
    status: 201,
    errors: [404],
  }),
  revokeDisplayToken: defineRoute({
    method: 'delete',
    path: '/v1/gates/:gate/display-tokens/:tokenId',
    summary: 'Revoke a display token: refused at once over HTTP; a board already open is cut off within a minute',
    tag: 'display',
    params: ZDisplayTokenIdParamsSchema,
    status: 204,
    response: null,
    errors: [404],
  }),
  readCallUpBoard: defineRoute({
    method: 'get',
    path: '/v1/display/board',
    summary:
      'The LED board of the gate a display token shows: plate → lane of every truck called now. ' +
      'Send the display token as `Authorization: Bearer bfd_…` (no user token opens it; a display token opens nothing else)',
    tag: 'display',
    response: ZCallUpBoardSchema,
    errors: [401],
  }),
};
