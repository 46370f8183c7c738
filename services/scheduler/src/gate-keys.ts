/**
 * Key names of one gate. Every key carries the hash tag `{g:<gate>}`, so all
 * of a gate's keys share one Redis Cluster slot and each Lua script stays in it.
 */
import type { Direction, PriorityClass, Stage } from '@borderflow/contracts';

export class GateKeys {
  /** "<prefix>{g:<gate>}:" — the Lua scripts derive their keys from it. */
  readonly base: string;
  constructor(readonly prefix: string, readonly gate: string) {
    this.base = `${prefix}{g:${gate}}:`;
  }
  get meta() { return `${this.base}meta`; }
  get events() { return `${this.base}events`; }
  get lanes() { return `${this.base}lanes`; }
  get idle() { return `${this.base}idle`; }
  get live() { return `${this.base}live`; }
  get deadlines() { return `${this.base}deadlines`; }
  get held() { return `${this.base}held`; }
  get service() { return `${this.base}svc`; }
  lane(id: string) { return `${this.base}lane:${id}`; }
  trip(id: string) { return `${this.base}trip:${id}`; }
  queue(direction: Direction, stage: Stage, cls: PriorityClass) { return `${this.base}q:${direction}:${stage}:${cls}`; }
  pointer(direction: Direction, stage: Stage) { return `${this.base}ptr:${direction}:${stage}`; }
  exitQueue(direction: Direction) { return `${this.base}exitq:${direction}`; }
  command(id: string) { return `${this.base}cmd:${id}`; }
  /**
   * Set while the gate rebuilds after its seq went backwards: every Lua command refuses.
   * Same slot, but outside the `…:` namespace a rebuild wipes, so it outlives the wipe.
   */
  get fence() { return `${this.prefix}{g:${this.gate}}-fence`; }
}
