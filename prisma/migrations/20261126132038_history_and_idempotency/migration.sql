-- CreateEnum
CREATE TYPE "ChangeAction" AS ENUM ('CREATE', 'UPDATE', 'RETIRE');

-- AlterEnum
ALTER TYPE "IndicatorKind" ADD VALUE 'ENTERPRISE_ASSET_LIABILITY_RATIO';

-- CreateTable
CREATE TABLE "change_record" (
    "id" BIGSERIAL NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" INTEGER NOT NULL,
    "entity_key" TEXT NOT NULL,
    "action" "ChangeAction" NOT NULL,
    "version" INTEGER NOT NULL,
    "agency" "Agency" NOT NULL,
    "actor" TEXT NOT NULL,
    "key_prefix" TEXT,
    "request_id" TEXT,
    "changes" JSONB NOT NULL,
    "changed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "change_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_record" (
    "id" SERIAL NOT NULL,
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "request_hash" CHAR(64) NOT NULL,
    "result_type" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_record_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "change_record_entity_type_entity_id_id_idx" ON "change_record"("entity_type", "entity_id", "id");

-- CreateIndex
CREATE INDEX "change_record_changed_at_idx" ON "change_record"("changed_at");

-- CreateIndex
CREATE INDEX "idempotency_record_created_at_idx" ON "idempotency_record"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "idempotency_record_scope_key_key" ON "idempotency_record"("scope", "key");
