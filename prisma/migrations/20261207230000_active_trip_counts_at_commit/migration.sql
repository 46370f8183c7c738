-- active_trip_counts' row trigger (20261207190000_active_trip_counts) runs at commit instead of at each statement.
--
-- Why: run at once, it locked the stripe's row in the middle of a transaction, before the transaction's other trip
-- locks. A persist batch that ended a trip of company C (stripe s locked) and then wrote trip T, against a staff
-- cancel of T (T locked) whose trigger wanted stripe s (a backend pid equal mod 16), deadlocked: PostgreSQL
-- aborted one (benchmarks/RESULTS.md, the lead's night section and regs11). At commit, a transaction has taken
-- every trip lock it will take; the stripes come last and are held only while it commits.
--
-- What it changes: the counts still change in the trip's own transaction, so every other snapshot sees the sums
-- that match the trips it sees. A transaction reads its own trips' changes in the sums only after it commits;
-- the cap's read (capCountsSql) runs before the registration writes its trip, so it reads the same numbers.
-- A TRUNCATE of trips after a change of trips in the same transaction is refused by PostgreSQL ("pending trigger
-- events"); the TRUNCATE trigger stays a plain statement trigger (constraint triggers are row triggers).

DROP TRIGGER "trips_count_active" ON "trips";

CREATE CONSTRAINT TRIGGER "trips_count_active" AFTER INSERT OR DELETE OR UPDATE OF "state", "company_id", "created_by_id" ON "trips"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "count_active_trips"();
