/**
 * The baseline a team would otherwise build: lane assignment in plain
 * PostgreSQL. Each truck row carries its route (stages); a lane of a stage
 * takes the best waiting truck of that stage with
 * `SELECT … ORDER BY rank, score LIMIT 1 FOR UPDATE SKIP LOCKED`
 * (priority, then first come first served), so concurrent lanes never take the
 * same truck. Completing a stage moves the truck to its next stage's queue (or
 * out) and takes the lane's next truck in one transaction.
 *
 * All tables live in one schema of their own, dropped by `drop()`.
 */
import type pg from 'pg';

/** A truck as the baseline stores it: its remaining route and its priority rank (0 = served first). */
export interface QueuedTruck {
  id: string;
  stages: readonly string[];
  rank: number;
}

type Queryable = pg.Pool | pg.PoolClient;

export class SkipLockedGate {
  private readonly sql: {
    insert: string;
    pick: string;
    call: string;
    occupy: string;
    start: string;
    advance: string;
    vacate: string;
  };

  private constructor(private readonly pool: pg.Pool, readonly schema: string) {
    const s = schema;
    this.sql = {
      insert: `INSERT INTO ${s}.trip (id, stages, stage, rank, score, state) VALUES ($1, $2, $3, $4, $5, 'queued')`,
      pick: `SELECT id FROM ${s}.trip WHERE state = 'queued' AND stage = $1 ORDER BY rank, score, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      call: `UPDATE ${s}.trip SET state = 'called', lane = $2 WHERE id = $1`,
      occupy: `UPDATE ${s}.lane SET trip = $2 WHERE id = $1`,
      start: `UPDATE ${s}.trip SET state = 'inspecting' WHERE id = $1 AND state = 'called'`,
      // Arrays are 1-based: the current stage is stages[stage_index + 1], the next one stages[stage_index + 2].
      advance: `UPDATE ${s}.trip SET stage_index = stage_index + 1, stage = stages[stage_index + 2],
        state = CASE WHEN stage_index + 1 < cardinality(stages) THEN 'queued' ELSE 'done' END,
        score = $2, lane = NULL WHERE id = $1 AND state = 'inspecting'`,
      vacate: `UPDATE ${s}.lane SET trip = NULL WHERE id = $1`,
    };
  }

  /**
   * Creates the schema and its tables.
   *
   * @example
   * const gate = await SkipLockedGate.create(pool, `bench_${process.pid}`);
   */
  static async create(pool: pg.Pool, schema: string): Promise<SkipLockedGate> {
    await pool.query(`CREATE SCHEMA ${schema}`);
    await pool.query(`CREATE TABLE ${schema}.lane (id text PRIMARY KEY, stage text NOT NULL, trip text)`);
    await pool.query(`CREATE TABLE ${schema}.trip (id text PRIMARY KEY, stages text[] NOT NULL,
      stage_index int NOT NULL DEFAULT 0, stage text, rank int NOT NULL, score bigint NOT NULL,
      state text NOT NULL, lane text)`);
    await pool.query(`CREATE INDEX trip_queue ON ${schema}.trip (stage, rank, score, id) WHERE state = 'queued'`);
    return new SkipLockedGate(pool, schema);
  }

  /** Many trucks at once (preloading a backlog), all waiting for their first stage since `at`. */
  async enqueueMany(trucks: readonly QueuedTruck[], at: number): Promise<void> {
    for (let i = 0; i < trucks.length; i += 1000) {
      const chunk = trucks.slice(i, i + 1000);
      await this.pool.query(
        `INSERT INTO ${this.schema}.trip (id, stages, stage, rank, score, state)
         SELECT id, string_to_array(stages, ','), split_part(stages, ',', 1), rank, score, 'queued'
         FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[]) AS t(id, stages, rank, score)`,
        [chunk.map((t) => t.id), chunk.map((t) => t.stages.join(',')), chunk.map((t) => t.rank), chunk.map((_, k) => at + i + k)],
      );
    }
  }

  /** One truck arrives: it waits for its first stage. */
  async enqueue(client: Queryable, truck: QueuedTruck, at: number): Promise<void> {
    await client.query(this.sql.insert, [truck.id, truck.stages, truck.stages[0], truck.rank, at]);
  }

  async addLane(laneId: string, stage: string): Promise<void> {
    await this.pool.query(`INSERT INTO ${this.schema}.lane (id, stage) VALUES ($1, $2)`, [laneId, stage]);
  }

  /**
   * The lane takes the best waiting truck of its stage, inside the caller's
   * transaction (the row lock must last until the truck is marked called).
   * Returns its id, or undefined when none waits.
   */
  async assign(client: pg.PoolClient, laneId: string, stage: string): Promise<string | undefined> {
    const r = await client.query<{ id: string }>(this.sql.pick, [stage]);
    const id = r.rows[0]?.id;
    if (id) {
      await client.query(this.sql.call, [id, laneId]);
      await client.query(this.sql.occupy, [laneId, id]);
    }
    return id;
  }

  /** An idle lane takes the best waiting truck, in a transaction of its own. */
  async assignIdle(client: pg.PoolClient, laneId: string, stage: string): Promise<string | undefined> {
    await client.query('BEGIN');
    try {
      const id = await this.assign(client, laneId, stage);
      await client.query('COMMIT');
      return id;
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    }
  }

  /** The called truck's inspection starts. */
  async start(client: Queryable, tripId: string): Promise<void> {
    await client.query(this.sql.start, [tripId]);
  }

  /**
   * The inspection ends: the truck goes on to its next stage (or leaves), and
   * the lane takes its next truck, in one transaction. Returns that truck's id.
   *
   * @example
   * const next = await gate.completeAndAssign(client, 'L1', 'documents', tripId, Date.now());
   */
  async completeAndAssign(client: pg.PoolClient, laneId: string, stage: string, tripId: string, at: number): Promise<string | undefined> {
    await client.query('BEGIN');
    try {
      await client.query(this.sql.advance, [tripId, at]);
      await client.query(this.sql.vacate, [laneId]);
      const next = await this.assign(client, laneId, stage);
      await client.query('COMMIT');
      return next;
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    }
  }

  /** Trucks per state (to check nothing was lost or done twice). */
  async countByState(): Promise<Record<string, number>> {
    const r = await this.pool.query<{ state: string; n: string }>(`SELECT state, count(*) AS n FROM ${this.schema}.trip GROUP BY state`);
    return Object.fromEntries(r.rows.map((row) => [row.state, Number(row.n)]));
  }

  async drop(): Promise<void> {
    await this.pool.query(`DROP SCHEMA ${this.schema} CASCADE`);
  }
}
