-- CreateTable
CREATE TABLE "archives" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "from_ts" TIMESTAMPTZ(3) NOT NULL,
    "to_ts" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "file_name" TEXT NOT NULL,
    "build_sha" TEXT NOT NULL,
    "feature_version" TEXT NOT NULL,
    "model_version" TEXT NOT NULL,
    "schema_hash" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "not_before" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "build_token" UUID,
    "size_bytes" BIGINT,
    "sha256" TEXT,
    "manifest" JSONB,
    "error" TEXT,
    "breach_id" BIGINT,

    CONSTRAINT "archives_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "archive_chunks" (
    "archive_id" BIGINT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "archive_chunks_pkey" PRIMARY KEY ("archive_id","seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "archives_key_key" ON "archives"("key");

-- CreateIndex
CREATE UNIQUE INDEX "archives_breach_id_key" ON "archives"("breach_id");

-- CreateIndex
CREATE INDEX "archives_created_at_idx" ON "archives"("created_at");

-- CreateIndex
CREATE INDEX "archives_status_not_before_idx" ON "archives"("status", "not_before");

-- AddForeignKey
ALTER TABLE "archive_chunks" ADD CONSTRAINT "archive_chunks_archive_id_fkey" FOREIGN KEY ("archive_id") REFERENCES "archives"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What the schema cannot express: the states and kinds an archive may have.
ALTER TABLE "archives" ADD CONSTRAINT "archives_status_check"
  CHECK ("status" IN ('queued', 'building', 'ready', 'failed'));
ALTER TABLE "archives" ADD CONSTRAINT "archives_kind_check"
  CHECK ("kind" IN ('manual', 'daily', 'evidence'));
ALTER TABLE "archives" ADD CONSTRAINT "archives_progress_check"
  CHECK ("progress" >= 0 AND "progress" <= 1);
ALTER TABLE "archives" ADD CONSTRAINT "archives_range_check" CHECK ("from_ts" < "to_ts");
