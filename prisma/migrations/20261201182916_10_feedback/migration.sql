-- CreateEnum
CREATE TYPE "NoticeKind" AS ENUM ('CORRECTED', 'RETIRED', 'REPAIRED', 'REVOKED', 'EXPIRED', 'DELETED', 'DISPUTE_ANSWERED', 'DISPUTE_OVERDUE', 'FEEDBACK_OVERDUE');

-- CreateEnum
CREATE TYPE "DisputeStatus" AS ENUM ('OPEN', 'ACCEPTED', 'REJECTED');

-- CreateEnum
CREATE TYPE "PunishmentCaseStatus" AS ENUM ('OPEN', 'COMPLETED', 'ENDED');

-- CreateEnum
CREATE TYPE "PunishmentTaskStatus" AS ENUM ('ASKED', 'ACCEPTED', 'DECLINED', 'FED_BACK', 'ENDED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ChangeAction" ADD VALUE 'DISPUTED';
ALTER TYPE "ChangeAction" ADD VALUE 'DISPUTE_ANSWERED';

-- AlterTable
ALTER TABLE "change_record" ADD COLUMN     "dispute_id" INTEGER;

-- CreateTable
CREATE TABLE "notice" (
    "id" SERIAL NOT NULL,
    "agency" "Agency" NOT NULL,
    "county_code" CHAR(6),
    "kind" "NoticeKind" NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" INTEGER NOT NULL,
    "entity_key" TEXT NOT NULL,
    "fields" TEXT[],
    "change_record_id" BIGINT,
    "dispute_id" INTEGER,
    "case_id" INTEGER,
    "ended_case_ids" INTEGER[],
    "event_id" UUID NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_at" TIMESTAMP(3),
    "acknowledged_by" TEXT,

    CONSTRAINT "notice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "record_dispute" (
    "id" SERIAL NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" INTEGER NOT NULL,
    "entity_key" TEXT NOT NULL,
    "owner_agency" "Agency" NOT NULL,
    "agency" "Agency" NOT NULL,
    "county_code" CHAR(6),
    "principal_name" TEXT NOT NULL,
    "fields" TEXT[],
    "reason" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "status" "DisputeStatus" NOT NULL DEFAULT 'OPEN',
    "opened_on" DATE NOT NULL,
    "due_on" DATE NOT NULL,
    "baseline_change_id" BIGINT NOT NULL,
    "answer" TEXT,
    "answered_at" TIMESTAMP(3),
    "answered_by" TEXT,
    "correction_change_id" BIGINT,
    "escalated_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "record_dispute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "punishment_case" (
    "id" SERIAL NOT NULL,
    "record_id" INTEGER NOT NULL,
    "initiator" "Agency" NOT NULL,
    "memorandum" TEXT NOT NULL,
    "measures" "PunishmentMeasure"[],
    "status" "PunishmentCaseStatus" NOT NULL DEFAULT 'OPEN',
    "opened_on" DATE NOT NULL,
    "feedback_due_on" DATE NOT NULL,
    "ended_at" TIMESTAMP(3),
    "end_reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "punishment_case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "punishment_task" (
    "id" SERIAL NOT NULL,
    "case_id" INTEGER NOT NULL,
    "agency" "Agency" NOT NULL,
    "status" "PunishmentTaskStatus" NOT NULL DEFAULT 'ASKED',
    "decline_reason" TEXT,
    "responded_at" TIMESTAMP(3),
    "measure" "PunishmentMeasure",
    "acted_on" DATE,
    "feedback" TEXT,
    "fed_back_at" TIMESTAMP(3),
    "overdue_notified_at" TIMESTAMP(3),
    "ended_at" TIMESTAMP(3),

    CONSTRAINT "punishment_task_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "notice_event_id_key" ON "notice"("event_id");

-- CreateIndex
CREATE INDEX "notice_agency_county_code_id_idx" ON "notice"("agency", "county_code", "id");

-- CreateIndex
CREATE INDEX "notice_entity_type_entity_id_idx" ON "notice"("entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "record_dispute_entity_type_entity_id_idx" ON "record_dispute"("entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "record_dispute_owner_agency_status_idx" ON "record_dispute"("owner_agency", "status");

-- CreateIndex
CREATE INDEX "record_dispute_agency_status_idx" ON "record_dispute"("agency", "status");

-- CreateIndex
CREATE INDEX "record_dispute_status_due_on_idx" ON "record_dispute"("status", "due_on");

-- CreateIndex
CREATE INDEX "punishment_case_record_id_status_idx" ON "punishment_case"("record_id", "status");

-- CreateIndex
CREATE INDEX "punishment_task_agency_status_idx" ON "punishment_task"("agency", "status");

-- CreateIndex
CREATE UNIQUE INDEX "punishment_task_case_id_agency_key" ON "punishment_task"("case_id", "agency");

-- AddForeignKey
ALTER TABLE "punishment_case" ADD CONSTRAINT "punishment_case_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "dishonesty_record"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "punishment_task" ADD CONSTRAINT "punishment_task_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "punishment_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
