/**
 * The real scheduler as the simulation drives it: a `GateScheduler` whose
 * clock is the virtual clock, plus the gate's event stream read right behind
 * each command. Commands and the stream read go out together (one round trip):
 * Redis runs them in order on one connection, so the read sees every event the
 * commands appended. If a script had to be sent in full (EVALSHA fallback, it
 * then arrives after the read), the event counts in the answers show the gap
 * and the stream is read again.
 */
import type { Cluster, Redis } from 'ioredis';
import type { GateEvent } from '@borderflow/contracts';
import { GateScheduler, type CommandResult } from '@borderflow/scheduler';

export type GateCall = (s: GateScheduler) => Promise<CommandResult>;

export class SimGate {
  readonly scheduler: GateScheduler;
  /** Virtual time, ms epoch: every command runs at this `now`. */
  now = 0;
  commands = 0;
  eventsRead = 0;
  private lastId = '0-0';

  constructor(private readonly redis: Redis | Cluster, prefix: string, gate: string) {
    this.scheduler = new GateScheduler({ redis, gate, prefix, clock: () => this.now });
  }

  private parse(entries: [string, string[]][]): GateEvent[] {
    const out: GateEvent[] = [];
    for (const [id, fields] of entries) {
      const at = fields.indexOf('json');
      // Our own scheduler wrote these: plain JSON.parse (zod here would cost more than the Lua).
      out.push({ ...(JSON.parse(fields[at + 1]!) as GateEvent), streamId: id });
      this.lastId = id;
    }
    this.eventsRead += out.length;
    return out;
  }

  private readAfter() {
    return this.redis.xrange(this.scheduler.eventsStream(), `(${this.lastId}`, '+');
  }

  /**
   * Runs commands in order at the current virtual time and returns their results and events.
   * @example const { results, events } = await gate.send((s) => s.checkIn({ ...trip, actor: 'sim' }));
   */
  async send(...calls: GateCall[]): Promise<{ results: CommandResult[]; events: GateEvent[] }> {
    const pending = calls.map((call) => call(this.scheduler));
    const read = this.readAfter();
    this.commands += calls.length;
    const results = await Promise.all(pending);
    const events = this.parse(await read);
    const expected = results.reduce((n, r) => n + (r.ok ? r.events : 0), 0);
    if (events.length < expected) events.push(...this.parse(await this.readAfter()));
    return { results, events };
  }

  /** A timer tick (expire call-ups or pace crossings) followed by the events it appended. */
  async tick(kind: 'expireCallUps' | 'paceCrossings'): Promise<GateEvent[]> {
    this.commands++;
    await this.scheduler[kind](this.now);
    return this.parse(await this.readAfter());
  }

  /** Events so far not read (e.g. after configure). */
  async drain(): Promise<GateEvent[]> {
    return this.parse(await this.readAfter());
  }
}
