-- Agency adapters (issue 5): a decision keeps the agency's own status and decision time, so that
-- decisions of the same amendment delivered out of order are applied in the order they were made.

-- AlterTable
ALTER TABLE "agency_decisions" ADD COLUMN     "status" TEXT,
ADD COLUMN     "decided_at" TIMESTAMPTZ(3);
