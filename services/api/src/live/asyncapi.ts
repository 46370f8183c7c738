/**
 * The AsyncAPI 3.0 document of the Socket.IO `/live` protocol, served at /asyncapi.json. Every
 * payload schema is generated from the zod schema the server itself uses (contracts' live.ts and
 * gate-event.ts), so the document cannot drift from what is sent; asyncapi.test.ts checks real
 * messages against it. Snapshots and deltas are the wire side (`io: 'input'`) of the codecs in
 * live-times.ts: every instant an RFC 3339 string with the gate's offset.
 */
import { z } from 'zod';
import {
  GATE_EVENT_TYPES,
  LIVE_EVENTS,
  LIVE_NAMESPACE,
  ZCompanyFeedMessageSchema,
  ZCompanyFeedSnapshotSchema,
  COMPANY_FEED_RECOVERY_MS,
  ZLiveAckSchema,
  ZLiveDeltaWireSchema,
  ZLiveGateEventSchema,
  ZLiveGateSnapshotSchema,
  ZLiveTripSnapshotSchema,
  ZLiveSnapshotPageSchema,
  ZSessionEndedMessageSchema,
  ZShutdownMessageSchema,
  ZSubscribeRequestSchema,
  ZTripPositionMessageSchema,
} from '@borderflow/contracts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- AsyncAPI documents are untyped JSON
type Json = Record<string, any>;

/** JSON Schema draft-07: AsyncAPI's default schema format. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): Json {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-7' }) as Json;
  delete json.$schema;
  return json;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/**
 * @example
 * res.json(buildAsyncApi('0.1.0')); // GET /asyncapi.json
 */
export function buildAsyncApi(version: string): Json {
  // One schema per gate event type, so a reader finds each `detail` by name; `delta.event` is any of them.
  const eventSchemas = Object.fromEntries(
    ZLiveGateEventSchema.options.map((option) => [`GateEvent_${(option.shape.type as z.ZodLiteral<string>).value}`, schemaOf(option, 'input')]),
  );
  const delta = schemaOf(ZLiveDeltaWireSchema, 'input');
  delta.properties.event = { oneOf: GATE_EVENT_TYPES.map((t) => ref(`GateEvent_${t}`)) };
  const schemas: Json = {
    SubscribeRequest: schemaOf(ZSubscribeRequestSchema, 'input'),
    LiveAck: schemaOf(ZLiveAckSchema),
    GateSnapshot: schemaOf(ZLiveGateSnapshotSchema, 'input'),
    SnapshotPage: schemaOf(ZLiveSnapshotPageSchema, 'input'),
    TripSnapshot: schemaOf(ZLiveTripSnapshotSchema, 'input'),
    Delta: delta,
    TripPosition: schemaOf(ZTripPositionMessageSchema),
    CompanyFeedMessage: schemaOf(ZCompanyFeedMessageSchema),
    CompanyFeedSnapshot: schemaOf(ZCompanyFeedSnapshotSchema),
    SessionEnded: schemaOf(ZSessionEndedMessageSchema),
    Shutdown: schemaOf(ZShutdownMessageSchema),
    ...eventSchemas,
  };
  const message = (name: string, title: string, summary: string, payload: Json, extra: Json = {}): Json => ({ name, title, summary, contentType: 'application/json', payload, ...extra });
  const messages: Json = {
    subscribe: message(LIVE_EVENTS.subscribe, 'Subscribe', 'Follow a whole gate (`{gate}`: operators, managers, admins), one trip (`{tripId}`: its driver, or staff), or every trip of your own company (`{company: true}`: its administrators, dispatchers and API keys with trips:read; `since` = the last feed seq received, to resume). Answered by an ack, then a snapshot (gate, trip) or the company feed (a `feed_snapshot`, or the missed `feed` messages).', ref('SubscribeRequest')),
    unsubscribe: message(LIVE_EVENTS.unsubscribe, 'Unsubscribe', 'Stop following a gate or trip.', ref('SubscribeRequest')),
    resync: message(LIVE_EVENTS.resync, 'Resync', 'Ask for a fresh snapshot after a seq gap (limited per socket: excess answers RATE_LIMITED).', ref('SubscribeRequest')),
    ack: message('ack', 'Acknowledgement', 'The Socket.IO ack of subscribe, resync and unsubscribe: `{ok: true, seq}` (the snapshot\'s seq), or `{ok: false, error: {code, message, field}}` with a code from /docs/errors (VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, RATE_LIMITED).', ref('LiveAck')),
    snapshot: message(LIVE_EVENTS.snapshot, 'Snapshot', 'The whole state of the gate (or of the trip) at `seq`, read at `at`: sent after every subscribe and resync. Apply deltas with a higher seq on top. Times are RFC 3339 with the gate\'s offset (+07:00); durations are numbers named …Ms (milliseconds), and an ETA\'s expectedMs/lowMs/highMs count from `at`.', { oneOf: [ref('GateSnapshot'), ref('TripSnapshot')] }),
    snapshotPage: message(LIVE_EVENTS.snapshotPage, 'Snapshot page', 'Only after subscribing (or resyncing) to a gate with `paged: true`, when its snapshot is large: the snapshot came as a head (`paging`: how many pages follow and each queue\'s length; `queues` holds each queue\'s first 3 trucks of every direction and class, enough for every lane\'s next trucks), and these pages, sent right after it and before any delta, carry every queue\'s entries in call order. Put them together; if they do not make the announced lengths, resync.', ref('SnapshotPage')),
    delta: message(LIVE_EVENTS.delta, 'Delta', 'One gate event at `seq` (consecutive per gate), with the queues it reordered and the ETAs that moved (absolute times). A gap in seq means a lost message: emit resync. Times are RFC 3339 with the gate\'s offset (+07:00); durations are numbers named …Ms.', ref('Delta')),
    deltas: message(LIVE_EVENTS.deltas, 'Deltas', 'Only after subscribing to a gate with `batch: true`: several consecutive deltas in one message (a burst of events the server read together), in seq order, each exactly as a `delta` message carries it; single events still come as `delta`. Apply them one by one, with the same gap rule.', { type: 'array', items: ref('Delta') }),
    position: message(LIVE_EVENTS.position, 'Position', "A followed trip's place in the queue and ETA changed because other trucks moved.", ref('TripPosition')),
    feed: message(LIVE_EVENTS.feed, 'Company feed message', `One event of one of your company's trips, or its new place and ETA (absolute times and range). \`seq\` grows by exactly 1 per message of the subscription: a gap is a real loss. After a reconnect, subscribe again with \`since\` = the last seq: messages of the last ${COMPANY_FEED_RECOVERY_MS / 60_000} minutes are replayed, older than that a feed_snapshot comes first. Times are RFC 3339 with the gate's offset.`, ref('CompanyFeedMessage')),
    feedSnapshot: message(LIVE_EVENTS.feedSnapshot, 'Company feed snapshot', "Your company's active trips at `seq` (first subscribe, or a resume older than the recovery window); feed messages with a higher seq follow.", ref('CompanyFeedSnapshot')),
    sessionEnded: message(LIVE_EVENTS.sessionEnded, 'Session ended', 'The token expired or was revoked (logout, disabled user, role change); ack it, the server then closes the socket. Reconnect with a fresh token.', ref('SessionEnded')),
    shutdown: message(LIVE_EVENTS.shutdown, 'Shutdown', 'This server process is stopping; Socket.IO reconnects by itself (to any process) and connection-state recovery replays what was missed, or resync.', ref('Shutdown')),
  };
  const channel = { $ref: '#/channels/live' };
  const msg = (id: string) => ({ $ref: `#/channels/live/messages/${id}` });
  const send = (id: string, summary: string) => ({ action: 'send', channel, summary, messages: [msg(id)], reply: { channel, messages: [msg('ack')] } });
  const receive = (id: string, summary: string) => ({ action: 'receive', channel, summary, messages: [msg(id)] });
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'BorderFlow live updates',
      version,
      description:
        `Socket.IO namespace \`${LIVE_NAMESPACE}\` (Engine.IO over WebSocket or long polling). Connect with ` +
        '`io(origin + "/live", { auth: { token } })`, token = an access token of POST /v1/auth/login (or a company API key `bfk_…`); a missing, expired or ' +
        'revoked token fails the handshake with a connect_error (`UNAUTHENTICATED`). Each payload below is the first argument of ' +
        'the Socket.IO event named by the message `name`; acks are Socket.IO acknowledgements. The HTTP API is described by /openapi.json.',
    },
    defaultContentType: 'application/json',
    servers: {
      api: { host: 'localhost:3000', protocol: 'ws', pathname: '/socket.io/', description: 'This deployment (the origin serving this document); Socket.IO path /socket.io/, namespace /live.' },
    },
    channels: {
      live: { address: LIVE_NAMESPACE, title: 'The /live namespace', messages: Object.fromEntries(Object.keys(messages).map((id) => [id, { $ref: `#/components/messages/${id}` }])) },
    },
    operations: {
      subscribe: send('subscribe', 'Follow a gate or a trip'),
      unsubscribe: send('unsubscribe', 'Stop following a gate or a trip'),
      resync: send('resync', 'Get a fresh snapshot after a seq gap'),
      receiveSnapshot: receive('snapshot', 'The state at seq, after subscribe or resync'),
      receiveSnapshotPage: receive('snapshotPage', 'The rest of a paged gate snapshot, after its head'),
      receiveDelta: receive('delta', 'Each gate event, in seq order'),
      receiveDeltas: receive('deltas', 'A burst of gate events in one message, in seq order (batch: true)'),
      receivePosition: receive('position', "A followed trip's new place and ETA"),
      receiveFeed: receive('feed', "Each message of your company's feed, in seq order"),
      receiveFeedSnapshot: receive('feedSnapshot', "Your company's active trips, at a seq"),
      receiveSessionEnded: receive('sessionEnded', 'The session is over: reconnect with a fresh token'),
      receiveShutdown: receive('shutdown', 'The process is stopping: Socket.IO reconnects'),
    },
    components: { schemas, messages },
  };
}
