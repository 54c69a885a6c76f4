-- DropIndex
DROP INDEX "audit_log_action_id_idx";

-- CreateIndex
CREATE INDEX "audit_log_action_ts_id_idx" ON "audit_log"("action", "ts", "id");

-- CreateIndex
CREATE INDEX "audit_log_actor_ts_id_idx" ON "audit_log"("actor", "ts", "id");
