-- Simulations run as BullMQ jobs with their status and report here, so any API process serves them (issue 11).

-- CreateTable
CREATE TABLE "simulation_runs" (
    "id" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "scenario" TEXT NOT NULL,
    "policies" TEXT[],
    "seed" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "report" JSONB,
    "report_html" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "simulation_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "simulation_runs_created_at_idx" ON "simulation_runs"("created_at");
