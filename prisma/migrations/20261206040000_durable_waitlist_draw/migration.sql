-- Waiting lists and release draws survive a Redis loss: PostgreSQL keeps the record (issue 12).

-- CreateTable
CREATE TABLE "waitlist_entries" (
    "id" TEXT NOT NULL,
    "gate_code" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "slot_start" TIMESTAMPTZ(3) NOT NULL,
    "trip_id" TEXT NOT NULL,
    "vehicle_id" TEXT NOT NULL,
    "driver_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "company_id" TEXT,
    "state" TEXT NOT NULL,
    "joined_at" DOUBLE PRECISION NOT NULL,
    "offer_expires_at" DOUBLE PRECISION,
    "booking_id" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "waitlist_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "release_requests" (
    "gate_code" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "trip_id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "slot_start" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "draw_at" TIMESTAMPTZ(3) NOT NULL,
    "outcome" TEXT,
    "booking_id" TEXT,
    "rule" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "release_requests_pkey" PRIMARY KEY ("gate_code", "date", "trip_id")
);

-- CreateTable
CREATE TABLE "release_draws" (
    "gate_code" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "seed" TEXT NOT NULL,
    "drawn_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "release_draws_pkey" PRIMARY KEY ("gate_code", "date")
);

-- CreateIndex
CREATE INDEX "waitlist_entries_gate_code_slot_start_idx" ON "waitlist_entries"("gate_code", "slot_start");

-- CreateIndex
CREATE INDEX "waitlist_entries_account_id_idx" ON "waitlist_entries"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "release_requests_request_id_key" ON "release_requests"("request_id");

-- CreateIndex
CREATE INDEX "release_requests_gate_code_draw_at_idx" ON "release_requests"("gate_code", "draw_at");
