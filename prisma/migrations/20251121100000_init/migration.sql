-- BorderFlow initial schema. Hand-written in the shape `prisma migrate diff` produces for
-- ../../schema.prisma (checked by src/schema-sql-agreement.test.ts); runs on PostgreSQL 15+
-- and PGlite.

-- CreateEnum
CREATE TYPE "role" AS ENUM ('driver', 'operator', 'manager', 'admin', 'agency');

-- CreateEnum
CREATE TYPE "vehicle_kind" AS ENUM ('truck', 'trailer');

-- CreateEnum
CREATE TYPE "country" AS ENUM ('VN', 'CN');

-- CreateEnum
CREATE TYPE "direction" AS ENUM ('exit', 'entry');

-- CreateEnum
CREATE TYPE "lane_status" AS ENUM ('open', 'paused', 'closed', 'maintenance');

-- CreateEnum
CREATE TYPE "trip_state" AS ENUM ('registered', 'queued', 'called', 'at_lane', 'inspecting', 'held', 'exit_queue', 'crossed', 'no_show', 'turned_back', 'cancelled');

-- CreateEnum
CREATE TYPE "priority_class" AS ENUM ('perishable', 'trusted', 'ordinary', 'empty_return');

-- CreateEnum
CREATE TYPE "channel" AS ENUM ('green', 'yellow', 'red');

-- CreateTable
CREATE TABLE "companies" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tax_code" TEXT NOT NULL,
    "trusted" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "companies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "role" NOT NULL,
    "display_name" TEXT NOT NULL,
    "company_id" TEXT,
    "agency" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vehicles" (
    "id" TEXT NOT NULL,
    "plate" TEXT NOT NULL,
    "plate_display" TEXT NOT NULL,
    "kind" "vehicle_kind" NOT NULL,
    "country" "country" NOT NULL,
    "company_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vehicles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "drivers" (
    "id" TEXT NOT NULL,
    "full_name" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "license_no" TEXT,
    "user_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "drivers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gates" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "lat" DOUBLE PRECISION NOT NULL,
    "lng" DOUBLE PRECISION NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'Asia/Ho_Chi_Minh',
    "geometry" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "yards" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "gate_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "lat" DOUBLE PRECISION NOT NULL,
    "lng" DOUBLE PRECISION NOT NULL,
    "capacity" INTEGER NOT NULL,

    CONSTRAINT "yards_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lanes" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "gate_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "direction" "direction" NOT NULL,
    "capabilities" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "classes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "lane_status" NOT NULL DEFAULT 'open',
    "lat" DOUBLE PRECISION NOT NULL,
    "lng" DOUBLE PRECISION NOT NULL,
    "last_event_seq" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "lanes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trips" (
    "id" TEXT NOT NULL,
    "gate_id" TEXT NOT NULL,
    "direction" "direction" NOT NULL,
    "state" "trip_state" NOT NULL DEFAULT 'registered',
    "priority_class" "priority_class" NOT NULL,
    "vehicle_id" TEXT NOT NULL,
    "trailer_id" TEXT,
    "driver_id" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "company_id" TEXT,
    "expected_arrival" TIMESTAMPTZ(3) NOT NULL,
    "appointment_at" TIMESTAMPTZ(3),
    "channel" "channel",
    "channel_code" TEXT,
    "stages" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "stage_index" INTEGER NOT NULL DEFAULT 0,
    "lane_code" TEXT,
    "queue_score" DOUBLE PRECISION,
    "no_shows" INTEGER NOT NULL DEFAULT 0,
    "deadline" DOUBLE PRECISION,
    "qr_token" TEXT NOT NULL,
    "last_event_seq" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "arrived_at" TIMESTAMPTZ(3),
    "crossed_at" TIMESTAMPTZ(3),

    CONSTRAINT "trips_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cargo_items" (
    "id" TEXT NOT NULL,
    "trip_id" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "hs_code" TEXT NOT NULL,
    "packages" INTEGER NOT NULL,
    "gross_kg" DOUBLE PRECISION NOT NULL,
    "perishable" BOOLEAN NOT NULL DEFAULT false,
    "plant_or_animal" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "cargo_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "containers" (
    "id" TEXT NOT NULL,
    "trip_id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "seals" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "containers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "declarations" (
    "id" TEXT NOT NULL,
    "trip_id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "amendment" INTEGER NOT NULL,

    CONSTRAINT "declarations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trip_revisions" (
    "id" TEXT NOT NULL,
    "trip_id" TEXT NOT NULL,
    "changed_by_id" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trip_revisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agency_decisions" (
    "id" TEXT NOT NULL,
    "trip_id" TEXT,
    "declaration_key" TEXT NOT NULL,
    "amendment" INTEGER NOT NULL,
    "agency" TEXT NOT NULL,
    "channel" "channel",
    "channel_code" TEXT,
    "inspection_modes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "hold" JSONB,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "message_id" TEXT,

    CONSTRAINT "agency_decisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gate_events" (
    "id" BIGSERIAL NOT NULL,
    "gate_code" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "stream_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "trip_id" TEXT,
    "lane_code" TEXT,
    "actor" TEXT NOT NULL,
    "command_id" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,

    CONSTRAINT "gate_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "policy_versions" (
    "id" TEXT NOT NULL,
    "gate_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "config" JSONB NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "policy_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "companies_tax_code_key" ON "companies"("tax_code");

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE UNIQUE INDEX "vehicles_plate_key" ON "vehicles"("plate");

-- CreateIndex
CREATE UNIQUE INDEX "drivers_user_id_key" ON "drivers"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "gates_code_key" ON "gates"("code");

-- CreateIndex
CREATE UNIQUE INDEX "yards_gate_id_code_key" ON "yards"("gate_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "lanes_code_key" ON "lanes"("code");

-- CreateIndex
CREATE INDEX "lanes_gate_id_idx" ON "lanes"("gate_id");

-- CreateIndex
CREATE UNIQUE INDEX "trips_qr_token_key" ON "trips"("qr_token");

-- CreateIndex
CREATE INDEX "trips_gate_id_state_idx" ON "trips"("gate_id", "state");

-- CreateIndex
CREATE INDEX "trips_created_by_id_idx" ON "trips"("created_by_id");

-- CreateIndex
CREATE INDEX "trips_vehicle_id_idx" ON "trips"("vehicle_id");

-- One active booking per vehicle (not expressible in schema.prisma; see the note there).
CREATE UNIQUE INDEX "trips_one_active_per_vehicle" ON "trips"("vehicle_id")
    WHERE "state" IN ('registered', 'queued', 'called', 'at_lane', 'inspecting', 'held', 'exit_queue');

-- CreateIndex
CREATE INDEX "cargo_items_trip_id_idx" ON "cargo_items"("trip_id");

-- CreateIndex
CREATE UNIQUE INDEX "containers_trip_id_number_key" ON "containers"("trip_id", "number");

-- CreateIndex
CREATE INDEX "declarations_key_idx" ON "declarations"("key");

-- CreateIndex
CREATE UNIQUE INDEX "declarations_trip_id_key_key" ON "declarations"("trip_id", "key");

-- CreateIndex
CREATE INDEX "trip_revisions_trip_id_at_idx" ON "trip_revisions"("trip_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "agency_decisions_message_id_key" ON "agency_decisions"("message_id");

-- CreateIndex
CREATE INDEX "agency_decisions_declaration_key_idx" ON "agency_decisions"("declaration_key");

-- CreateIndex
CREATE INDEX "agency_decisions_trip_id_idx" ON "agency_decisions"("trip_id");

-- CreateIndex
CREATE INDEX "gate_events_trip_id_seq_idx" ON "gate_events"("trip_id", "seq");

-- CreateIndex
CREATE INDEX "gate_events_gate_code_at_idx" ON "gate_events"("gate_code", "at");

-- CreateIndex
CREATE UNIQUE INDEX "gate_events_gate_code_seq_key" ON "gate_events"("gate_code", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "gate_events_gate_code_stream_id_key" ON "gate_events"("gate_code", "stream_id");

-- CreateIndex
CREATE UNIQUE INDEX "policy_versions_gate_id_version_key" ON "policy_versions"("gate_id", "version");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vehicles" ADD CONSTRAINT "vehicles_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drivers" ADD CONSTRAINT "drivers_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "yards" ADD CONSTRAINT "yards_gate_id_fkey" FOREIGN KEY ("gate_id") REFERENCES "gates"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lanes" ADD CONSTRAINT "lanes_gate_id_fkey" FOREIGN KEY ("gate_id") REFERENCES "gates"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trips" ADD CONSTRAINT "trips_gate_id_fkey" FOREIGN KEY ("gate_id") REFERENCES "gates"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trips" ADD CONSTRAINT "trips_vehicle_id_fkey" FOREIGN KEY ("vehicle_id") REFERENCES "vehicles"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trips" ADD CONSTRAINT "trips_trailer_id_fkey" FOREIGN KEY ("trailer_id") REFERENCES "vehicles"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trips" ADD CONSTRAINT "trips_driver_id_fkey" FOREIGN KEY ("driver_id") REFERENCES "drivers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trips" ADD CONSTRAINT "trips_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trips" ADD CONSTRAINT "trips_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cargo_items" ADD CONSTRAINT "cargo_items_trip_id_fkey" FOREIGN KEY ("trip_id") REFERENCES "trips"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "containers" ADD CONSTRAINT "containers_trip_id_fkey" FOREIGN KEY ("trip_id") REFERENCES "trips"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_trip_id_fkey" FOREIGN KEY ("trip_id") REFERENCES "trips"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trip_revisions" ADD CONSTRAINT "trip_revisions_trip_id_fkey" FOREIGN KEY ("trip_id") REFERENCES "trips"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trip_revisions" ADD CONSTRAINT "trip_revisions_changed_by_id_fkey" FOREIGN KEY ("changed_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agency_decisions" ADD CONSTRAINT "agency_decisions_trip_id_fkey" FOREIGN KEY ("trip_id") REFERENCES "trips"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_gate_id_fkey" FOREIGN KEY ("gate_id") REFERENCES "gates"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
