/**
 * The yard's LED board (issue 12, item 6): a TV browser opens it with a display token a manager
 * issued for one gate, and shows plate → lane for every truck called now. The token opens this
 * read-only view and nothing else.
 */
import { z } from 'zod';
import { ZGateCodeSchema } from './common.ts';

/** Socket.IO namespace of the board: the server pushes the whole board on connect and on each change. */
export const DISPLAY_NAMESPACE = '/display';
export const DISPLAY_EVENTS = {
  /** Server → board: the whole board (a few lines), so a reconnect never needs a resync. */
  board: 'board',
} as const;

export const ZCreateDisplayTokenRequestSchema = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(80, 'name must be at most 80 characters'),
  })
  .strict();
export type CreateDisplayTokenRequest = z.infer<typeof ZCreateDisplayTokenRequestSchema>;

export const ZDisplayTokenIdParamsSchema = z
  .object({ gate: ZGateCodeSchema, tokenId: z.uuid('tokenId must be a display token id (UUID)') })
  .strict();

export const ZDisplayTokenSchema = z.object({
  id: z.string(),
  gate: z.string(),
  name: z.string(),
  /** Public part of the token, `bfd_<prefix>`: how lists name it. */
  prefix: z.string(),
  createdAt: z.string(),
});
export type DisplayToken = z.infer<typeof ZDisplayTokenSchema>;

/** Answer of create: the only time the whole token is shown. */
export const ZIssuedDisplayTokenSchema = ZDisplayTokenSchema.extend({
  /** `bfd_<prefix>_<secret>`; the server keeps only its hash. */
  token: z.string(),
  /** The console path to open on the TV: the token travels in the fragment, never to a server log. */
  boardPath: z.string(),
});
export type IssuedDisplayToken = z.infer<typeof ZIssuedDisplayTokenSchema>;

export const ZDisplayTokenListSchema = z.object({ tokens: z.array(ZDisplayTokenSchema) });
export type DisplayTokenList = z.infer<typeof ZDisplayTokenListSchema>;

/** One line of the board: a called truck and the lane it must drive to. */
export const ZBoardCallSchema = z.object({
  plate: z.string(),
  laneId: z.string(),
  laneName: z.string(),
  /** RFC 3339: when it was called. */
  calledAt: z.string().nullable(),
  /** RFC 3339: when the call-up lapses (no-show), if the policy sets one. */
  deadline: z.string().nullable(),
});
export type BoardCall = z.infer<typeof ZBoardCallSchema>;

export const ZCallUpBoardSchema = z.object({
  gate: z.string(),
  /** The gate's event seq the board was read at: a board with a lower seq is older. */
  seq: z.number().int().nonnegative(),
  calls: z.array(ZBoardCallSchema),
});
export type CallUpBoard = z.infer<typeof ZCallUpBoardSchema>;
