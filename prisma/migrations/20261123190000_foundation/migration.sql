CREATE TYPE "Role" AS ENUM ('viewer', 'operator', 'admin');

CREATE TABLE "users" (
  "id" UUID NOT NULL,
  "email" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "password_hash" TEXT NOT NULL,
  "role" "Role" NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "disabled_at" TIMESTAMPTZ(3),
  CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

CREATE TABLE "api_tokens" (
  "id" UUID NOT NULL,
  "name" TEXT NOT NULL,
  "token_hash" TEXT NOT NULL,
  "prefix" TEXT NOT NULL,
  "scopes" TEXT[],
  "created_by_id" UUID NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "last_used_at" TIMESTAMPTZ(3),
  "revoked_at" TIMESTAMPTZ(3),
  CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "api_tokens_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

CREATE TABLE "instruments" (
  "symbol" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "exchange_tz" TEXT NOT NULL,
  "active" BOOLEAN NOT NULL DEFAULT true,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "instruments_pkey" PRIMARY KEY ("symbol")
);

CREATE TABLE "candles" (
  "symbol" TEXT NOT NULL,
  "tf" TEXT NOT NULL,
  "ts" TIMESTAMPTZ(3) NOT NULL,
  "o" DOUBLE PRECISION NOT NULL,
  "h" DOUBLE PRECISION NOT NULL,
  "l" DOUBLE PRECISION NOT NULL,
  "c" DOUBLE PRECISION NOT NULL,
  "v" DOUBLE PRECISION NOT NULL,
  "source" TEXT NOT NULL,
  CONSTRAINT "candles_pkey" PRIMARY KEY ("symbol", "tf", "ts"),
  CONSTRAINT "candles_symbol_fkey" FOREIGN KEY ("symbol") REFERENCES "instruments"("symbol") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "candles_tf_check" CHECK ("tf" IN ('1m', '5m', '15m', '1h', '4h', '1d')),
  CONSTRAINT "candles_range_check" CHECK ("l" <= "h" AND "o" BETWEEN "l" AND "h" AND "c" BETWEEN "l" AND "h" AND "v" >= 0)
);

CREATE TABLE "audit_log" (
  "id" BIGSERIAL NOT NULL,
  "ts" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "action" TEXT NOT NULL,
  "actor" TEXT NOT NULL,
  "details" JSONB NOT NULL,
  CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "audit_log_action_id_idx" ON "audit_log"("action", "id");
CREATE INDEX "audit_log_ts_idx" ON "audit_log"("ts");

-- The audit log is append-only: no code path updates or deletes, and the database refuses too.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE "rate_limits" (
  "key" VARCHAR(255) NOT NULL,
  "points" INTEGER NOT NULL DEFAULT 0,
  "expire" BIGINT,
  CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);
