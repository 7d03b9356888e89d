-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

-- CreateEnum
CREATE TYPE "RuleTrigger" AS ENUM ('WRITE', 'DAILY', 'QUARTER_END');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'IN_DISPOSAL', 'RESOLVED', 'DISMISSED');

-- CreateEnum
CREATE TYPE "AlertEventKind" AS ENUM ('RAISED', 'EVIDENCE_CHANGED', 'ACKNOWLEDGED', 'DISPOSAL_STARTED', 'RESOLVED', 'AUTO_RESOLVED', 'DISMISSED', 'ESCALATED', 'COMMENTED');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'DELIVERED', 'DEAD');

-- AlterTable
ALTER TABLE "change_record" ADD COLUMN     "reason" TEXT;

-- CreateTable
CREATE TABLE "risk_rule" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name_zh" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "clause" TEXT NOT NULL,
    "legal_source" TEXT NOT NULL,
    "severity" "AlertSeverity" NOT NULL,
    "parameters" JSONB NOT NULL,
    "responsible_agencies" "Agency"[],
    "resources" TEXT[],
    "subject_type" TEXT NOT NULL,
    "triggers" "RuleTrigger"[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "ack_working_days" INTEGER NOT NULL,
    "dispose_working_days" INTEGER NOT NULL,
    "owner_agency" "Agency" NOT NULL DEFAULT 'FINANCE_BUREAU',
    "reported_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "last_evaluated_at" TIMESTAMP(3),

    CONSTRAINT "risk_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert" (
    "id" SERIAL NOT NULL,
    "rule_id" INTEGER NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" INTEGER NOT NULL,
    "subject_key" TEXT NOT NULL,
    "subject_name" TEXT NOT NULL,
    "county_code" CHAR(6),
    "period" TEXT NOT NULL,
    "status" "AlertStatus" NOT NULL DEFAULT 'OPEN',
    "severity" "AlertSeverity" NOT NULL,
    "evidence" JSONB NOT NULL,
    "live" BOOLEAN DEFAULT true,
    "auto_resolved" BOOLEAN NOT NULL DEFAULT false,
    "assigned_agencies" "Agency"[],
    "raised_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "raised_on" DATE NOT NULL,
    "ack_due_on" DATE NOT NULL,
    "dispose_due_on" DATE NOT NULL,
    "acknowledged_at" TIMESTAMP(3),
    "closed_at" TIMESTAMP(3),
    "close_reason" TEXT,
    "escalated_at" TIMESTAMP(3),
    "plan_id" INTEGER,
    "rectification_order_id" INTEGER,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_event" (
    "id" BIGSERIAL NOT NULL,
    "alert_id" INTEGER NOT NULL,
    "kind" "AlertEventKind" NOT NULL,
    "from_status" "AlertStatus",
    "to_status" "AlertStatus",
    "agency" "Agency",
    "actor" TEXT,
    "note" TEXT,
    "request_id" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_dirty" (
    "id" BIGSERIAL NOT NULL,
    "table_name" TEXT NOT NULL,
    "row_id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_dirty_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_event" (
    "id" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "alert_id" INTEGER,
    "agency" "Agency",
    "county_code" CHAR(6),
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatched_at" TIMESTAMP(3),

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_endpoint" (
    "id" SERIAL NOT NULL,
    "api_key_id" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "topics" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "webhook_endpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_delivery" (
    "id" BIGSERIAL NOT NULL,
    "endpoint_id" INTEGER NOT NULL,
    "event_id" UUID NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "body" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_attempt_at" TIMESTAMP(3),
    "last_status" INTEGER,
    "last_error" TEXT,
    "delivered_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_attempt" (
    "id" BIGSERIAL NOT NULL,
    "delivery_id" BIGINT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" INTEGER,
    "error" TEXT,
    "duration_ms" INTEGER NOT NULL,

    CONSTRAINT "webhook_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "risk_rule_code_key" ON "risk_rule"("code");

-- CreateIndex
CREATE INDEX "alert_status_county_code_idx" ON "alert"("status", "county_code");

-- CreateIndex
CREATE INDEX "alert_subject_type_subject_id_idx" ON "alert"("subject_type", "subject_id");

-- CreateIndex
CREATE UNIQUE INDEX "alert_rule_id_subject_type_subject_id_period_live_key" ON "alert"("rule_id", "subject_type", "subject_id", "period", "live");

-- CreateIndex
CREATE INDEX "alert_event_alert_id_id_idx" ON "alert_event"("alert_id", "id");

-- CreateIndex
CREATE INDEX "outbox_event_dispatched_at_created_at_idx" ON "outbox_event"("dispatched_at", "created_at");

-- CreateIndex
CREATE INDEX "webhook_endpoint_api_key_id_idx" ON "webhook_endpoint"("api_key_id");

-- CreateIndex
CREATE INDEX "webhook_delivery_status_next_attempt_at_idx" ON "webhook_delivery"("status", "next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_delivery_endpoint_id_event_id_key" ON "webhook_delivery"("endpoint_id", "event_id");

-- CreateIndex
CREATE INDEX "webhook_attempt_delivery_id_id_idx" ON "webhook_attempt"("delivery_id", "id");

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "risk_rule"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_event" ADD CONSTRAINT "alert_event_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alert"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_endpoint" ADD CONSTRAINT "webhook_endpoint_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "outbox_event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_attempt" ADD CONSTRAINT "webhook_attempt_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "webhook_delivery"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Every row of an alert's history (alert_event: raised, evidence changed, each transition,
-- escalation, comment) puts one event in the delivery outbox in the same transaction, whoever
-- wrote it (the evaluator's set-based statements, a workflow mutation, the scheduler): delivery
-- can never miss a change that committed, nor announce one that rolled back. Statement-level with
-- a transition table, so a sweep that raises a thousand alerts runs the trigger once.
-- The body is an escape string with each semicolon written as \073 (see 13a_access_change_notify).
CREATE FUNCTION dlg_alert_event_outbox() RETURNS trigger LANGUAGE plpgsql
  AS E'BEGIN INSERT INTO outbox_event (id, topic, alert_id, county_code, payload) SELECT gen_random_uuid(), CASE WHEN e.kind = ''RAISED'' THEN ''alert.raised'' ELSE ''alert.changed'' END, e.alert_id, a.county_code, jsonb_build_object(''alertEventId'', e.id, ''alertId'', e.alert_id, ''kind'', e.kind, ''fromStatus'', e.from_status, ''toStatus'', e.to_status) FROM new_rows e JOIN alert a ON a.id = e.alert_id ORDER BY e.id\073 RETURN NULL\073 END';

CREATE TRIGGER alert_event_outbox AFTER INSERT ON alert_event
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_alert_event_outbox();
