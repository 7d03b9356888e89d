-- The transparency log (issue 10): the single hash chain (audit_seal, audit_chain_head) is
-- replaced by an RFC 6962 Merkle tree: audit_leaf (each sealed entry's leaf position),
-- audit_tree_node (every complete subtree, for O(log n) proofs), audit_tree_head (size and root)
-- and audit_checkpoint (signed tree heads).
-- Existing entries are migrated, not reseeded: every sealed entry goes back to audit_pending
-- with the content hash it was sealed with, and the sealer appends them to the new tree in id
-- order at its first run (entries keep their ids and content hashes). An entry of format 1
-- (hashed before sealing existed, over its predecessor's chain hash) keeps that predecessor hash
-- in legacy_prev_hash, so its content hash can still be recomputed, offline too.
-- Run npm run audit:verify before upgrading: the old chain is not checked once it is gone.
-- (No semicolon may appear inside a statement or a comment here: the driver adapters split the
-- file at every one.)

-- AlterTable
ALTER TABLE "audit_entry" ADD COLUMN     "legacy_prev_hash" CHAR(64);

UPDATE "audit_entry" e SET "legacy_prev_hash" = s."prev_hash" FROM "audit_seal" s WHERE s."entry_id" = e."id" AND e."format" = 1;

INSERT INTO "audit_pending" ("entry_id", "content_hash")
SELECT e."id", e."content_hash" FROM "audit_seal" s JOIN "audit_entry" e ON e."id" = s."entry_id"
ON CONFLICT ("entry_id") DO NOTHING;

-- DropTable
DROP TABLE "audit_chain_head";

-- DropTable
DROP TABLE "audit_seal";

-- CreateTable
CREATE TABLE "audit_leaf" (
    "idx" BIGINT NOT NULL,
    "entry_id" BIGINT NOT NULL,

    CONSTRAINT "audit_leaf_pkey" PRIMARY KEY ("idx")
);

-- CreateTable
CREATE TABLE "audit_tree_node" (
    "level" SMALLINT NOT NULL,
    "idx" BIGINT NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "audit_tree_node_pkey" PRIMARY KEY ("level","idx")
);

-- CreateTable
CREATE TABLE "audit_tree_head" (
    "id" INTEGER NOT NULL,
    "size" BIGINT NOT NULL,
    "root" CHAR(64) NOT NULL,

    CONSTRAINT "audit_tree_head_pkey" PRIMARY KEY ("id")
);

-- The empty tree: size 0, root SHA-256 of nothing (RFC 6962)
INSERT INTO "audit_tree_head" ("id", "size", "root") VALUES (1, 0, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');

-- CreateTable
CREATE TABLE "audit_checkpoint" (
    "tree_size" BIGINT NOT NULL,
    "root_hash" CHAR(64) NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "key_id" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "audit_checkpoint_pkey" PRIMARY KEY ("tree_size")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_leaf_entry_id_key" ON "audit_leaf"("entry_id");
