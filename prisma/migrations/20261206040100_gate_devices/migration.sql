-- Gate devices (issue 17 items 1-2): ANPR cameras authenticated per device, every message kept raw,
-- the operators' plate confirmation queue and device alerts.

-- CreateTable
CREATE TABLE "devices" (
    "id" TEXT NOT NULL,
    "gate_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "position" TEXT NOT NULL,
    "lane_code" TEXT,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "devices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "device_messages" (
    "id" TEXT NOT NULL,
    "device_id" TEXT,
    "gate_code" TEXT,
    "format" TEXT NOT NULL,
    "raw" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "outcome" TEXT,
    "plate" TEXT,
    "confidence" DOUBLE PRECISION,
    "trip_id" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "device_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plate_confirmations" (
    "id" TEXT NOT NULL,
    "gate_code" TEXT NOT NULL,
    "device_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "read_plate" TEXT,
    "confidence" DOUBLE PRECISION NOT NULL,
    "image_ref" TEXT,
    "candidates" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "trip_id" TEXT,
    "decided_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "plate_confirmations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "device_alerts" (
    "id" TEXT NOT NULL,
    "gate_code" TEXT NOT NULL,
    "device_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "detail" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "device_alerts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "devices_prefix_key" ON "devices"("prefix");
CREATE INDEX "devices_gate_code_idx" ON "devices"("gate_code");
CREATE INDEX "device_messages_device_id_received_at_idx" ON "device_messages"("device_id", "received_at");
CREATE INDEX "device_messages_status_received_at_idx" ON "device_messages"("status", "received_at");
CREATE UNIQUE INDEX "plate_confirmations_message_id_key" ON "plate_confirmations"("message_id");
CREATE INDEX "plate_confirmations_gate_code_status_created_at_idx" ON "plate_confirmations"("gate_code", "status", "created_at");
CREATE INDEX "device_alerts_gate_code_resolved_at_idx" ON "device_alerts"("gate_code", "resolved_at");
