-- A draft capacity plan run as a what-if beside the plan in force (issue 12, item 10): same queue and table as scenario runs.

-- AlterTable
ALTER TABLE "simulation_runs" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'scenario';
ALTER TABLE "simulation_runs" ADD COLUMN "input" JSONB;
