-- The audit appends without a shared lock (issue 13): an entry is inserted with the hash of its
-- content, and a sealer later gives it its place in the chain (seal_seq, prev_id, prev_hash,
-- hash). Its records move from one audit_record row each into the entry row: grouped JSONB, and
-- an array of "EntityType:id" keys with a GIN index for who received a record.
-- Existing entries are converted, not reseeded: each keeps its hash under the original formula
-- (format 1, verified as before), its position is its id, and its records are regrouped.
-- (No semicolon may appear inside a statement or a comment here: the driver adapters split the
-- file at every one.)

-- AlterTable
ALTER TABLE "audit_chain_head" ADD COLUMN     "last_entry_id" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
CREATE SEQUENCE audit_entry_id_seq;
ALTER TABLE "audit_entry" ADD COLUMN     "content_hash" CHAR(64),
ADD COLUMN     "format" SMALLINT NOT NULL DEFAULT 2,
ADD COLUMN     "prev_id" BIGINT,
ADD COLUMN     "record_keys" TEXT[],
ADD COLUMN     "records" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "seal_seq" BIGINT,
ALTER COLUMN "id" SET DEFAULT nextval('audit_entry_id_seq'),
ALTER COLUMN "prev_hash" DROP NOT NULL,
ALTER COLUMN "hash" DROP NOT NULL;
ALTER SEQUENCE audit_entry_id_seq OWNED BY "audit_entry"."id";

-- Convert the existing chain: format 1, sealed at its id, linked to the id before it
UPDATE "audit_entry" SET "format" = 1, "seal_seq" = "id", "prev_id" = "id" - 1, "content_hash" = "hash";

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

-- DropForeignKey
ALTER TABLE "audit_record" DROP CONSTRAINT "audit_record_entry_id_fkey";

-- DropTable
DROP TABLE "audit_record";

-- CreateIndex
CREATE UNIQUE INDEX "audit_entry_seal_seq_key" ON "audit_entry"("seal_seq");

-- CreateIndex
CREATE INDEX "audit_entry_record_keys_idx" ON "audit_entry" USING GIN ("record_keys");
