-- Barriers, signal lights and the weighbridge (issue 17): commands sent over MQTT with their
-- acknowledgements, and weighings attached to trips.

-- CreateTable
CREATE TABLE "signal_commands" (
    "id" TEXT NOT NULL,
    "gate_code" TEXT NOT NULL,
    "device_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "trip_id" TEXT,
    "plate" TEXT,
    "cause" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'sent',
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "failure" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "done_at" TIMESTAMPTZ(3),
    "resolved_by_id" TEXT,

    CONSTRAINT "signal_commands_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "weighings" (
    "id" TEXT NOT NULL,
    "gate_code" TEXT NOT NULL,
    "device_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "trip_id" TEXT NOT NULL,
    "plate" TEXT NOT NULL,
    "gross_kg" INTEGER NOT NULL,
    "axles" INTEGER NOT NULL,
    "combination" TEXT NOT NULL,
    "limit_kg" INTEGER NOT NULL,
    "overweight" BOOLEAN NOT NULL,
    "weighed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "weighings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "signal_commands_device_id_cause_key" ON "signal_commands"("device_id", "cause");

-- CreateIndex
CREATE INDEX "signal_commands_gate_code_status_idx" ON "signal_commands"("gate_code", "status");

-- CreateIndex
CREATE INDEX "signal_commands_device_id_created_at_idx" ON "signal_commands"("device_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "weighings_message_id_key" ON "weighings"("message_id");

-- CreateIndex
CREATE INDEX "weighings_trip_id_weighed_at_idx" ON "weighings"("trip_id", "weighed_at");

-- CreateIndex
CREATE INDEX "weighings_gate_code_overweight_weighed_at_idx" ON "weighings"("gate_code", "overweight", "weighed_at");
