/**
 * A standalone HTTP server that behaves like the agencies' systems BorderFlow
 * talks to. Per profile (a VNACCS-style customs system, a WCO/EDIFACT one, a
 * quarantine webhook, the far-side gate):
 *   POST /inbox/<profile>   movement notices and gate events, signed; 202, or 503 while down
 *   GET  /poll/<profile>?after=<cursor>   decisions since a cursor (VNACCS polling mode)
 * and for tests and operators of the simulator (loopback only):
 *   GET  /_sim/state, GET /_sim/trips/<tripId>, POST /_sim/outage {"down": true|false|null},
 *   POST /_sim/refuse {"tripIds": [...], "plates": [...]} (answer 422 for those: a dead-letter scenario)
 * Decisions go back signed to the profile's callback URL.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import {
  AGENCY_SCHEMA_VERSION,
  formatVnDateTime,
  ZAgencyDecisionMessageSchema,
  type AgencyDecisionEnvelope,
  type AgencyDecisionMessageInput,
} from '@borderflow/contracts';
import { KeyRing, signEnvelope, signRequest, verifyRequest } from '@borderflow/customs';
import { createRandom, type Random } from '@borderflow/traffic';
import { ZAuthorityConfigSchema, type AuthorityConfig, type AuthorityConfigInput, type AuthorityProfile } from './authority-config.ts';
import { DecisionSender } from './decision-sender.ts';
import { planDecisions } from './decision-maker.ts';
import { ReceivedLog } from './received-log.ts';
import { OutageSwitch, SimClock } from './sim-clock.ts';
import { decodeIncoming, simFormatFor, type SimFormat } from './sim-format.ts';

/**
 * Signed requests older than this are refused (same rule as BorderFlow's). Signatures and
 * envelope times use the wall clock, like any real system; simulated time only paces the
 * authority's own behaviour (decision delays, outages) and dates its decisions.
 */
const REPLAY_WINDOW_MS = 5 * 60_000;
const MAX_BODY = 1024 * 1024;

interface ProfileRuntime {
  profile: AuthorityProfile;
  ring: KeyRing;
  format: SimFormat;
  sender: DecisionSender;
}

export interface CustomsAuthority {
  url: string;
  port: number;
  config: AuthorityConfig;
  clock: SimClock;
  outage: OutageSwitch;
  received: ReceivedLog;
  sender(profile: string): DecisionSender;
  /** Where a profile's decisions go (BorderFlow's URL is often known only after the authority started). */
  setCallbackUrl(profile: string, url: string | null): void;
  /** Switch a profile's own decisions on notices on or off (tests give one profile the say). */
  setDeciding(profile: string, decides: boolean): void;
  /**
   * Refuse (422, for good) every message about these trips or trucks (plates, any spelling);
   * null stops refusing. A dead-letter scenario.
   */
  refuse(match: { tripIds?: string[]; plates?: string[] } | null): void;
  /**
   * Sends a decision now (tests, operators): signed, to the callback and/or the poll log.
   * @example
   * await authority.sendDecision('vnaccs', { agency: 'customs', declarationKey, amendment: 0, status: 'channel_assigned',
   *   decidedAt: formatVnDateTime(Date.now()), channel: { code: '3', color: 'red' }, inspectionModes: ['xray'], holds: [] });
   */
  sendDecision(profile: string, decision: AgencyDecisionMessageInput, options?: { duplicate?: boolean; gateCode?: string }): Promise<AgencyDecisionEnvelope>;
  /** Resolves once every scheduled decision has been sent. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
  res.end(text);
}

/**
 * Starts the authority and resolves once it listens.
 *
 * @example
 * const authority = await startCustomsAuthority({ profiles: [{ name: 'quarantine', kind: 'webhook', agency: 'quarantine',
 *   systemId: 'vn-quarantine', keys: [{ id: 'q1', secret: 'a-shared-secret-of-16+' }], callbackUrl: 'http://127.0.0.1:3000/v1/agencies/quarantine/decisions' }] });
 * console.log(authority.url);
 * await authority.close();
 */
export async function startCustomsAuthority(input: AuthorityConfigInput): Promise<CustomsAuthority> {
  const config = ZAuthorityConfigSchema.parse(input);
  const clock = new SimClock(config.speed);
  const outage = new OutageSwitch(clock, config.outages);
  const received = new ReceivedLog();
  let refused = new Set<string>();
  const plateKey = (plate: string) => plate.toUpperCase().replace(/[^0-9A-Z\u4e00-\u9fff]/g, '');
  const setRefused = (match: { tripIds?: string[] | null; plates?: string[] | null } | null) => {
    refused = new Set([...(match?.tripIds ?? []), ...(match?.plates ?? []).map((p) => `plate:${plateKey(p)}`)]);
  };
  const rnd: Random = createRandom(config.seed);
  const profiles = new Map<string, ProfileRuntime>();
  for (const profile of config.profiles) {
    const ring = new KeyRing(profile.keys.map((k) => ({ id: k.id, secret: Buffer.from(k.secret), notAfter: null })), profile.keys[0]!.id);
    const format = simFormatFor(profile.kind);
    const sender = new DecisionSender({ profile, format, ring, isDown: () => outage.isDown(), clock: Date.now });
    profiles.set(profile.name, { profile, ring, format, sender });
  }

  const latency = () => clock.real(rnd.between(config.latencyMs.min, config.latencyMs.max));

  function decisionEnvelope(p: ProfileRuntime, payload: AgencyDecisionMessageInput, gateCode: string, receiver: string, correlationId: string) {
    return signEnvelope(
      {
        messageId: randomUUID(),
        correlationId,
        schemaVersion: AGENCY_SCHEMA_VERSION,
        kind: 'agency_decision' as const,
        sentAt: formatVnDateTime(Date.now()),
        sender: p.profile.systemId,
        receiver,
        gateCode,
        payload: ZAgencyDecisionMessageSchema.parse(payload),
      },
      p.ring.signingKey,
    );
  }

  async function inbox(p: ProfileRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (outage.isDown()) return send(res, 503, { error: 'customs system unavailable (scheduled maintenance)' });
    const check = verifyRequest(req.headers, body, p.ring, Date.now(), REPLAY_WINDOW_MS);
    if (!check.ok) return send(res, 401, { error: check.reason, message: check.message });
    let incoming;
    try {
      incoming = decodeIncoming(p.format, body.toString('utf8'));
    } catch (err) {
      return send(res, 400, { error: 'invalid', message: (err as Error).message.slice(0, 500) });
    }
    const wait = latency();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const payload = incoming.payload as { tripId: string; type?: string; purpose?: string; eventId?: string; plate?: string; vehicle?: { plate: string } };
    const plate = payload.plate ?? payload.vehicle?.plate ?? '';
    if (refused.has(payload.tripId) || refused.has(`plate:${plateKey(plate)}`)) {
      return send(res, 422, { error: 'refused', message: `messages about trip ${payload.tripId} are refused` });
    }
    const fresh = received.record({
      profile: p.profile.name,
      messageId: incoming.messageId,
      kind: incoming.kind,
      tripId: payload.tripId,
      type: payload.type ?? payload.purpose ?? incoming.kind,
      eventId: payload.eventId ?? null,
      receivedAt: clock.now(),
      envelope: incoming as unknown as Record<string, unknown>,
    });
    if (fresh && incoming.kind === 'movement_notice') {
      const notice = incoming.payload as Parameters<typeof planDecisions>[0];
      const now = clock.now();
      for (const planned of planDecisions(notice, p.profile, config, rnd, now)) {
        const { decidedAtMs, ...decision } = planned.decision;
        const envelope = decisionEnvelope(p, { ...decision, decidedAt: formatVnDateTime(decidedAtMs) }, incoming.gateCode, incoming.sender, notice.tripId);
        void p.sender.schedule(decision.declarationKey, envelope, Date.now() + clock.real(planned.afterMs), planned.duplicate);
      }
    }
    send(res, fresh ? 202 : 200, { messageId: incoming.messageId, duplicate: !fresh });
  }

  async function poll(p: ProfileRuntime, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (outage.isDown()) return send(res, 503, { error: 'customs system unavailable' });
    const check = verifyRequest(req.headers, Buffer.alloc(0), p.ring, Date.now(), REPLAY_WINDOW_MS);
    if (!check.ok) return send(res, 401, { error: check.reason, message: check.message });
    const after = Math.max(0, Number(url.searchParams.get('after') ?? 0) || 0);
    const batch = p.sender.pollLog.slice(after, after + 100);
    const body = p.format.encodeDecisions(batch, String(after + batch.length));
    res.writeHead(200, {
      'content-type': p.format.contentType,
      'x-borderflow-cursor': String(after + batch.length),
      ...signRequest(p.ring.signingKey, body, Date.now()),
    });
    res.end(body);
  }

  async function admin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/_sim/state' && req.method === 'GET') {
      return send(res, 200, {
        down: outage.isDown(),
        simulatedNow: formatVnDateTime(clock.now()),
        received: { deliveries: received.deliveries, unique: received.unique },
        profiles: [...profiles.values()].map((p) => ({
          name: p.profile.name, kind: p.profile.kind, agency: p.profile.agency,
          callbacks: p.sender.results.length, polled: p.sender.pollLog.length,
        })),
      });
    }
    if (url.pathname === '/_sim/refuse' && req.method === 'POST') {
      setRefused(JSON.parse((await readBody(req)).toString('utf8') || '{}') as { tripIds?: string[]; plates?: string[] });
      return send(res, 200, { refused: [...refused] });
    }
    if (url.pathname === '/_sim/outage' && req.method === 'POST') {
      const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as { down?: boolean | null };
      outage.set(body.down ?? null);
      return send(res, 200, { down: outage.isDown() });
    }
    const trip = /^\/_sim\/trips\/([A-Za-z0-9_-]{1,64})$/.exec(url.pathname);
    if (trip && req.method === 'GET') return send(res, 200, { tripId: trip[1], messages: received.trip(trip[1]!) });
    send(res, 404, { error: 'not found' });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://authority');
    const [, section, name] = url.pathname.split('/');
    const p = name ? profiles.get(name) : undefined;
    const work =
      section === 'inbox' && p && req.method === 'POST'
        ? inbox(p, req, res)
        : section === 'poll' && p && req.method === 'GET'
          ? poll(p, req, res, url)
          : section === '_sim'
            ? admin(req, res, url)
            : Promise.resolve(send(res, 404, { error: 'not found' }));
    work.catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { error: (err as Error).message });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;

  const runtime = (name: string) => {
    const p = profiles.get(name);
    if (!p) throw new Error(`no profile ${name}`);
    return p;
  };

  return {
    url: `http://${host}:${port}`,
    port,
    config,
    clock,
    outage,
    received,
    sender: (name) => runtime(name).sender,
    setCallbackUrl(name, url) {
      runtime(name).profile.callbackUrl = url;
    },
    setDeciding(name, decides) {
      runtime(name).profile.decides = decides;
    },
    refuse(match) {
      setRefused(match);
    },
    async sendDecision(name, decision, options = {}) {
      const p = runtime(name);
      const envelope = decisionEnvelope(p, decision, options.gateCode ?? 'KT', 'borderflow', randomUUID());
      await p.sender.schedule(`now:${envelope.messageId}`, envelope, Date.now(), options.duplicate ?? false);
      return envelope;
    },
    async idle() {
      await Promise.all([...profiles.values()].map((p) => p.sender.idle()));
    },
    async close() {
      for (const p of profiles.values()) p.sender.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
