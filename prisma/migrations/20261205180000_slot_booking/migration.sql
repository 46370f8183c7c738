-- Slot booking (issue 12): capacity plans, bookings, suspension waivers, notices, walk-ins. Additive only.

-- CreateTable
CREATE TABLE "capacity_plan_versions" (
    "id" TEXT NOT NULL,
    "gate_code" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "plan" JSONB NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "capacity_plan_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "slot_bookings" (
    "id" TEXT NOT NULL,
    "gate_code" TEXT NOT NULL,
    "trip_id" TEXT NOT NULL,
    "vehicle_id" TEXT NOT NULL,
    "driver_id" TEXT NOT NULL,
    "company_id" TEXT,
    "account_id" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "slot_class" TEXT NOT NULL,
    "slot_start" TIMESTAMPTZ(3) NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'active',
    "reschedules" INTEGER NOT NULL DEFAULT 0,
    "arrival" TEXT,
    "arrived_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "cancel_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "slot_bookings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "booking_waivers" (
    "id" TEXT NOT NULL,
    "driver_id" TEXT NOT NULL,
    "waived_by_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "booking_waivers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "booking_notices" (
    "id" TEXT NOT NULL,
    "booking_id" TEXT NOT NULL,
    "driver_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "booking_notices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "walk_ins" (
    "id" TEXT NOT NULL,
    "gate_code" TEXT NOT NULL,
    "trip_id" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "walk_ins_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "capacity_plan_versions_gate_code_version_key" ON "capacity_plan_versions"("gate_code", "version");

-- CreateIndex
CREATE INDEX "slot_bookings_gate_code_slot_start_idx" ON "slot_bookings"("gate_code", "slot_start");

-- CreateIndex
CREATE INDEX "slot_bookings_driver_id_state_idx" ON "slot_bookings"("driver_id", "state");

-- CreateIndex
CREATE INDEX "slot_bookings_trip_id_idx" ON "slot_bookings"("trip_id");

-- CreateIndex
CREATE INDEX "booking_waivers_driver_id_created_at_idx" ON "booking_waivers"("driver_id", "created_at");

-- CreateIndex
CREATE INDEX "booking_notices_driver_id_created_at_idx" ON "booking_notices"("driver_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "walk_ins_trip_id_key" ON "walk_ins"("trip_id");

-- CreateIndex
CREATE INDEX "walk_ins_gate_code_at_idx" ON "walk_ins"("gate_code", "at");

-- One active booking per vehicle and per driver, whatever the gate (Prisma cannot express a partial index).
CREATE UNIQUE INDEX "slot_bookings_one_active_per_vehicle" ON "slot_bookings"("vehicle_id") WHERE "state" = 'active';
CREATE UNIQUE INDEX "slot_bookings_one_active_per_driver" ON "slot_bookings"("driver_id") WHERE "state" = 'active';
