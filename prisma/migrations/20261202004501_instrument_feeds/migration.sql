-- CreateTable
CREATE TABLE "instrument_feeds" (
    "symbol" TEXT NOT NULL,
    "tf" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "horizons" TEXT[],
    "base_url" TEXT,
    "remote_symbol" TEXT,
    "poll_seconds" INTEGER NOT NULL DEFAULT 60,
    "history_limit" INTEGER NOT NULL DEFAULT 1000,
    "backfill_state" TEXT NOT NULL DEFAULT 'none',
    "backfill_stage" TEXT,
    "backfill_done" INTEGER NOT NULL DEFAULT 0,
    "backfill_total" INTEGER NOT NULL DEFAULT 0,
    "backfill_error" TEXT,
    "backfill_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "instrument_feeds_pkey" PRIMARY KEY ("symbol","tf")
);

-- AddForeignKey
ALTER TABLE "instrument_feeds" ADD CONSTRAINT "instrument_feeds_symbol_fkey" FOREIGN KEY ("symbol") REFERENCES "instruments"("symbol") ON DELETE CASCADE ON UPDATE CASCADE;

-- What the schema cannot say: the sources the worker knows, bounded polling and history, and
-- an http feed always with its base URL.
ALTER TABLE "instrument_feeds"
  ADD CONSTRAINT "instrument_feeds_source_check" CHECK ("source" IN ('http', 'replay', 'csv')),
  ADD CONSTRAINT "instrument_feeds_http_url_check" CHECK ("source" <> 'http' OR "base_url" IS NOT NULL),
  ADD CONSTRAINT "instrument_feeds_poll_check" CHECK ("poll_seconds" BETWEEN 5 AND 86400),
  ADD CONSTRAINT "instrument_feeds_history_check" CHECK ("history_limit" BETWEEN 0 AND 1000),
  ADD CONSTRAINT "instrument_feeds_backfill_state_check"
    CHECK ("backfill_state" IN ('none', 'queued', 'running', 'done', 'failed'));
