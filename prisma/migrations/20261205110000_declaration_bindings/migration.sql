-- Trust (issue 10): a declaration belongs to its declarant; holds and red channels follow the truck.

-- AlterTable
ALTER TABLE "declarations" ADD COLUMN "inherited_from_trip_id" TEXT;

-- CreateTable
CREATE TABLE "declaration_bindings" (
    "key" TEXT NOT NULL,
    "tax_code" TEXT NOT NULL,
    "company_id" TEXT NOT NULL,
    "bound_by_id" TEXT NOT NULL,
    "bound_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "declaration_bindings_pkey" PRIMARY KEY ("key")
);
