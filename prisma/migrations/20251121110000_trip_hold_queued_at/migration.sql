-- The scheduler's TripPlacement gained `hold` and `queuedAt`; the trip projection keeps them so
-- that Redis can be rebuilt from PostgreSQL with the same waits and holds.

-- AlterTable
ALTER TABLE "trips" ADD COLUMN     "hold" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "queued_at" DOUBLE PRECISION;
