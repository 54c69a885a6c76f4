-- CreateTable
CREATE TABLE "slo_daily_reports" (
    "day" DATE NOT NULL,
    "report" JSONB NOT NULL,
    "version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "slo_daily_reports_pkey" PRIMARY KEY ("day")
);
