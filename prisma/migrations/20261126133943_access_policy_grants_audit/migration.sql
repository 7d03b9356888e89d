-- CreateEnum
CREATE TYPE "SharingClass" AS ENUM ('READ', 'MASK', 'CONDITIONAL', 'DENY');

-- CreateEnum
CREATE TYPE "AccessRequestStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN');

-- CreateTable
CREATE TABLE "policy_override" (
    "id" SERIAL NOT NULL,
    "resource" TEXT NOT NULL,
    "principal" TEXT NOT NULL,
    "sharing" "SharingClass" NOT NULL,
    "changed_by" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "changed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "policy_override_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_request" (
    "id" SERIAL NOT NULL,
    "agency" "Agency" NOT NULL,
    "county_code" CHAR(6),
    "requested_by" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "requested_until" TIMESTAMP(3) NOT NULL,
    "status" "AccessRequestStatus" NOT NULL DEFAULT 'PENDING',
    "reply_deadline" TIMESTAMP(3) NOT NULL,
    "decided_by" TEXT,
    "decided_at" TIMESTAMP(3),
    "decision_reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "access_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_grant" (
    "id" SERIAL NOT NULL,
    "request_id" INTEGER NOT NULL,
    "agency" "Agency" NOT NULL,
    "county_code" CHAR(6),
    "resource" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "valid_from" TIMESTAMP(3) NOT NULL,
    "valid_until" TIMESTAMP(3) NOT NULL,
    "revoked_at" TIMESTAMP(3),
    "revoked_by" TEXT,
    "revoke_reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "access_grant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" BIGINT NOT NULL,
    "prev_hash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "request_id" TEXT NOT NULL,
    "agency" "Agency" NOT NULL,
    "county_code" CHAR(6),
    "principal_name" TEXT NOT NULL,
    "key_prefix" TEXT,
    "operation_name" TEXT,
    "document_hash" CHAR(64) NOT NULL,
    "variables" JSONB NOT NULL,
    "purpose" TEXT,
    "resources" TEXT[],
    "denied_fields" INTEGER NOT NULL,
    "masked_fields" INTEGER NOT NULL,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_record" (
    "id" BIGSERIAL NOT NULL,
    "entry_id" BIGINT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" INTEGER NOT NULL,
    "resource" TEXT NOT NULL,
    "fields" TEXT[],

    CONSTRAINT "audit_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_chain_head" (
    "id" INTEGER NOT NULL,
    "last_id" BIGINT NOT NULL,
    "last_hash" CHAR(64) NOT NULL,

    CONSTRAINT "audit_chain_head_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "policy_override_resource_principal_id_idx" ON "policy_override"("resource", "principal", "id");

-- CreateIndex
CREATE INDEX "access_request_agency_status_idx" ON "access_request"("agency", "status");

-- CreateIndex
CREATE INDEX "access_request_resource_status_idx" ON "access_request"("resource", "status");

-- CreateIndex
CREATE UNIQUE INDEX "access_grant_request_id_key" ON "access_grant"("request_id");

-- CreateIndex
CREATE INDEX "access_grant_agency_resource_valid_until_idx" ON "access_grant"("agency", "resource", "valid_until");

-- CreateIndex
CREATE UNIQUE INDEX "audit_entry_hash_key" ON "audit_entry"("hash");

-- CreateIndex
CREATE INDEX "audit_entry_agency_at_idx" ON "audit_entry"("agency", "at");

-- CreateIndex
CREATE INDEX "audit_entry_at_idx" ON "audit_entry"("at");

-- CreateIndex
CREATE INDEX "audit_record_entity_type_entity_id_idx" ON "audit_record"("entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "audit_record_entry_id_idx" ON "audit_record"("entry_id");

-- AddForeignKey
ALTER TABLE "access_grant" ADD CONSTRAINT "access_grant_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "access_request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_record" ADD CONSTRAINT "audit_record_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "audit_entry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The audit chain starts at the genesis hash. Every audit write locks and advances this row.
INSERT INTO "audit_chain_head" ("id", "last_id", "last_hash") VALUES (1, 0, repeat('0', 64));
