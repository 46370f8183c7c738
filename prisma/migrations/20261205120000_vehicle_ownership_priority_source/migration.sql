-- Trust (issue 10): vehicles belong to companies (authorisations for other companies),
-- and every trip keeps where its priority class came from.

-- AlterTable
ALTER TABLE "trips" ADD COLUMN "class_source" TEXT NOT NULL DEFAULT 'default';

-- Trips already registered with a trusted company's class keep saying where it came from.
UPDATE "trips" SET "class_source" = 'trusted-trader' WHERE "priority_class" = 'trusted';

-- CreateTable
CREATE TABLE "vehicle_authorisations" (
    "id" TEXT NOT NULL,
    "vehicle_id" TEXT NOT NULL,
    "company_id" TEXT NOT NULL,
    "granted_by_id" TEXT NOT NULL,
    "granted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "vehicle_authorisations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "vehicle_authorisations_vehicle_id_company_id_key" ON "vehicle_authorisations"("vehicle_id", "company_id");

-- AddForeignKey
ALTER TABLE "vehicle_authorisations" ADD CONSTRAINT "vehicle_authorisations_vehicle_id_fkey" FOREIGN KEY ("vehicle_id") REFERENCES "vehicles"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vehicle_authorisations" ADD CONSTRAINT "vehicle_authorisations_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- CreateIndex: the active-trip cap per company counts a company's active trips.
CREATE INDEX "trips_company_id_state_idx" ON "trips"("company_id", "state");
