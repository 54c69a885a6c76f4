/*
  Warnings:

  - A unique constraint covering the columns `[built_in]` on the table `api_tokens` will be added. If there are existing duplicate values, this will fail.

*/
-- DropForeignKey
ALTER TABLE "api_tokens" DROP CONSTRAINT "api_tokens_created_by_id_fkey";

-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "built_in" TEXT,
ALTER COLUMN "created_by_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "rollout_changes" ADD COLUMN     "forced" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "gates" JSONB,
ADD COLUMN     "unmet" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "canary_state" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "enabled" BOOLEAN NOT NULL,
    "rate_per_minute" DOUBLE PRECISION NOT NULL,
    "instance" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "last_at" TIMESTAMPTZ(3),
    "last_symbol" TEXT,
    "last_tf" TEXT,
    "last_status" INTEGER,
    "last_latency_ms" DOUBLE PRECISION,
    "last_error" TEXT,
    "sent" BIGINT NOT NULL DEFAULT 0,
    "failed" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "canary_state_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_built_in_key" ON "api_tokens"("built_in");

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A token is made by a user on the Admin page, or is one of the app's own clients.
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_creator_check" CHECK ("created_by_id" IS NOT NULL OR "built_in" IS NOT NULL);
