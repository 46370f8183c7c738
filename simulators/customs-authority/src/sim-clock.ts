/**
 * The authority's clock: simulated time runs `speed` times faster than real
 * time from the moment the authority starts, so a 5-minute scheduled outage
 * takes 3 real seconds at speed 100. Outages are read against it.
 */
export class SimClock {
  private readonly realStart = Date.now();

  constructor(
    readonly speed: number,
    /** Simulated epoch ms at start (default: now). */
    readonly startedAt = Date.now(),
  ) {}

  /** Simulated epoch ms. */
  now(): number {
    return this.startedAt + (Date.now() - this.realStart) * this.speed;
  }

  /** Simulated ms since start. */
  elapsed(): number {
    return (Date.now() - this.realStart) * this.speed;
  }

  /** Real ms for a simulated duration. */
  real(simMs: number): number {
    return simMs / this.speed;
  }
}

export interface Outage {
  startMs: number;
  durationMs: number;
}

/**
 * Whether the authority is down: a manual switch (tests, operators) wins over
 * the schedule.
 *
 * @example
 * const outages = new OutageSwitch(clock, [{ startMs: 60_000, durationMs: 300_000 }]);
 * outages.isDown(); // true between simulated minute 1 and 6
 * outages.set(true); // down now, whatever the schedule says
 */
export class OutageSwitch {
  private manual: boolean | null = null;

  constructor(
    private readonly clock: SimClock,
    private readonly schedule: Outage[],
  ) {}

  /** true/false forces the state; null returns to the schedule. */
  set(down: boolean | null): void {
    this.manual = down;
  }

  isDown(): boolean {
    if (this.manual !== null) return this.manual;
    const t = this.clock.elapsed();
    return this.schedule.some((o) => t >= o.startMs && t < o.startMs + o.durationMs);
  }
}
