-- The per-driver active-trip cap counts a company's trips driven by one phone (services/api/src/trips/trip-place.ts).
-- Without these it walked every active trip of the company and looked up each one's driver: ~1.4 ms of
-- PostgreSQL per registration with ~500 active trips, growing with them. Now: the phone's few driver rows,
-- then their active trips.

-- CreateIndex
CREATE INDEX "drivers_phone_idx" ON "drivers"("phone");

-- CreateIndex
CREATE INDEX "trips_driver_id_state_idx" ON "trips"("driver_id", "state");
