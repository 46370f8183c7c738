/**
 * Key names of one adapter's outbound delivery. Every key carries the hash tag
 * `{cx:<adapter>}` (so do the adapter's BullMQ keys: its queue prefix ends in
 * the same tag), so each Lua script stays in one Redis Cluster slot.
 */
export class OutboxKeys {
  /** "<prefix>{cx:<adapter>}:" — the Lua scripts derive their keys from it. */
  readonly base: string;
  constructor(readonly prefix: string, readonly adapter: string) {
    this.base = `${prefix}{cx:${adapter}}:`;
  }
  /** BullMQ `prefix` of the adapter's queue (BullMQ appends `:<queue name>:…`). */
  get queuePrefix() { return `${this.prefix}{cx:${this.adapter}}`; }
  get pending() { return `${this.base}pending`; }
  get trips() { return `${this.base}trips`; }
  get parked() { return `${this.base}parked`; }
  get dlq() { return `${this.base}dlq`; }
  get stats() { return `${this.base}stats`; }
  get breaker() { return `${this.base}breaker`; }
  get inbound() { return `${this.base}inbound`; }
  message(id: string) { return `${this.base}msg:${id}`; }
  trip(orderKey: string) { return `${this.base}trip:${orderKey}`; }
  replay(mac: string) { return `${this.base}replay:${mac}`; }
}
