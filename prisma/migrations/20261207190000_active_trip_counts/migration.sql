-- The active-trip cap's count of a scope (a company, or an account without one; services/api/src/trips/trip-place.ts),
-- kept beside the trips by a trigger instead of counted on every registration. Counting read every active trip of
-- the company (LIMIT cap): ~0.23 µs of PostgreSQL each, 1.3 ms a registration at 5,000 of them and growing with
-- them (benchmarks/RESULTS.md, regs10). Summing this table reads at most STRIPES rows.
--
-- A row per (scope, stripe): each connection adds to its own stripe (its backend pid), so registrations of one
-- company on different connections seldom share a row's lock (only when two pids agree mod 16). A stripe may go negative (a trip counted on one
-- connection, ended on another); the sum over the stripes is the count. The trigger writes in the same transaction
-- as the trip's change, so any snapshot sees the sum that matches the trips it sees.

-- CreateTable
CREATE TABLE "active_trip_counts" (
    "scope" TEXT NOT NULL,
    "stripe" INTEGER NOT NULL,
    "active" INTEGER NOT NULL,

    CONSTRAINT "active_trip_counts_pkey" PRIMARY KEY ("scope","stripe")
);

-- The states ACTIVE_TRIP_STATES lists (services/contracts/src/domain.ts; a test holds them equal).
CREATE FUNCTION "trip_state_is_active"(s "trip_state") RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT s IN ('registered', 'queued', 'called', 'at_lane', 'inspecting', 'held', 'exit_queue')
$$;

-- The cap's scope of a trip: its company's, or its creator's when it has none (capScopeWhere, trip-caps.ts).
CREATE FUNCTION "trip_cap_scope"(company_id TEXT, created_by_id TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN company_id IS NOT NULL THEN 'c:' || company_id ELSE 'u:' || created_by_id END
$$;

CREATE FUNCTION "count_active_trips"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was_active boolean := false;
  is_active boolean := false;
  old_scope text;
  new_scope text;
  own_stripe integer := pg_backend_pid() % 16;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM "active_trip_counts";
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    was_active := "trip_state_is_active"(OLD."state");
    old_scope := "trip_cap_scope"(OLD."company_id", OLD."created_by_id");
  END IF;
  IF TG_OP <> 'DELETE' THEN
    is_active := "trip_state_is_active"(NEW."state");
    new_scope := "trip_cap_scope"(NEW."company_id", NEW."created_by_id");
  END IF;
  -- Most changes (a check-in, a call-up) keep a trip active in its scope: nothing to write.
  IF was_active AND is_active AND old_scope = new_scope THEN
    RETURN NULL;
  END IF;
  IF was_active THEN
    INSERT INTO "active_trip_counts" ("scope", "stripe", "active") VALUES (old_scope, own_stripe, -1)
      ON CONFLICT ("scope", "stripe") DO UPDATE SET "active" = "active_trip_counts"."active" - 1;
  END IF;
  IF is_active THEN
    INSERT INTO "active_trip_counts" ("scope", "stripe", "active") VALUES (new_scope, own_stripe, 1)
      ON CONFLICT ("scope", "stripe") DO UPDATE SET "active" = "active_trip_counts"."active" + 1;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "trips_count_active" AFTER INSERT OR DELETE OR UPDATE OF "state", "company_id", "created_by_id" ON "trips"
  FOR EACH ROW EXECUTE FUNCTION "count_active_trips"();

CREATE TRIGGER "trips_count_active_truncate" AFTER TRUNCATE ON "trips"
  FOR EACH STATEMENT EXECUTE FUNCTION "count_active_trips"();

-- The trips already there.
INSERT INTO "active_trip_counts" ("scope", "stripe", "active")
SELECT "trip_cap_scope"("company_id", "created_by_id"), 0, count(*)::int
FROM "trips" WHERE "trip_state_is_active"("state")
GROUP BY 1;
