-- The audit appends without a shared lock (issue 13): an entry is inserted, never updated, with
-- the hash of its content and a row in audit_pending, and the sealer later moves it from
-- audit_pending into the hash chain, audit_seal. Its records move from one audit_record row each
-- into the entry row: grouped JSONB, and an array of "EntityType:id" keys with a GIN index for
-- who received a record.
-- Existing entries are converted, not reseeded: each keeps its hash under the original formula
-- (format 1, verified as before) as its seal, at the position of its id.
-- (No semicolon may appear inside a statement or a comment here: the driver adapters split the
-- file at every one.)

-- CreateTable
CREATE TABLE "audit_pending" (
    "entry_id" BIGINT NOT NULL,
    "content_hash" CHAR(64) NOT NULL,

    CONSTRAINT "audit_pending_pkey" PRIMARY KEY ("entry_id")
);

-- CreateTable
CREATE TABLE "audit_seal" (
    "seq" BIGINT NOT NULL,
    "entry_id" BIGINT NOT NULL,
    "prev_id" BIGINT NOT NULL,
    "prev_hash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "audit_seal_pkey" PRIMARY KEY ("seq")
);

-- AlterTable
ALTER TABLE "audit_chain_head" ADD COLUMN     "last_entry_id" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
CREATE SEQUENCE audit_entry_id_seq;
ALTER TABLE "audit_entry" ADD COLUMN     "content_hash" CHAR(64),
ADD COLUMN     "format" SMALLINT NOT NULL DEFAULT 2,
ADD COLUMN     "record_keys" TEXT[],
ADD COLUMN     "records" JSONB NOT NULL DEFAULT '[]',
ALTER COLUMN "id" SET DEFAULT nextval('audit_entry_id_seq');
ALTER SEQUENCE audit_entry_id_seq OWNED BY "audit_entry"."id";

-- Convert the existing chain: each entry sealed at its id under the original formula (format 1)
INSERT INTO "audit_seal" ("seq", "entry_id", "prev_id", "prev_hash", "hash")
SELECT "id", "id", "id" - 1, "prev_hash", "hash" FROM "audit_entry" ORDER BY "id";

UPDATE "audit_entry" SET "format" = 1, "content_hash" = "hash";

WITH grouped AS (
  SELECT entry_id, entity_type, resource, fields, array_agg(entity_id ORDER BY entity_id) AS ids
  FROM "audit_record" GROUP BY entry_id, entity_type, resource, fields
), per_entry AS (
  SELECT entry_id, jsonb_agg(jsonb_build_object('type', entity_type, 'resource', resource, 'fields', to_jsonb(fields), 'ids', to_jsonb(ids)) ORDER BY entity_type, resource) AS records
  FROM grouped GROUP BY entry_id
)
UPDATE "audit_entry" e SET "records" = p.records FROM per_entry p WHERE p.entry_id = e.id;

UPDATE "audit_entry" e SET "record_keys" = COALESCE((SELECT array_agg(r.entity_type || ':' || r.entity_id ORDER BY r.id) FROM "audit_record" r WHERE r.entry_id = e.id), '{}');

UPDATE "audit_chain_head" SET "last_entry_id" = "last_id";

SELECT setval('audit_entry_id_seq', COALESCE((SELECT max("id") FROM "audit_entry"), 1), (SELECT max("id") FROM "audit_entry") IS NOT NULL);

ALTER TABLE "audit_entry" ALTER COLUMN "content_hash" SET NOT NULL;

-- DropIndex
DROP INDEX "audit_entry_hash_key";

-- AlterTable
ALTER TABLE "audit_entry" DROP COLUMN "hash",
DROP COLUMN "prev_hash";

-- DropForeignKey
ALTER TABLE "audit_record" DROP CONSTRAINT "audit_record_entry_id_fkey";

-- DropTable
DROP TABLE "audit_record";

-- CreateIndex
CREATE UNIQUE INDEX "audit_seal_entry_id_key" ON "audit_seal"("entry_id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_seal_hash_key" ON "audit_seal"("hash");

-- CreateIndex
CREATE INDEX "audit_entry_record_keys_idx" ON "audit_entry" USING GIN ("record_keys");
