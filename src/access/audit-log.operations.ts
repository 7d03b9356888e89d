// The transparency log in the graph (issue 10): signed checkpoints and proofs, which every agency
// system may fetch (access.auditLog) for the entries it may see, and the whole log's export for
// an offline audit (FINANCE_BUREAU, access.auditChain). An agency keeps the checkpoints it
// fetches: with them, `npm run audit:verify -- --export … --checkpoints …` proves the log was not
// rewritten, and an inclusion proof proves its own entry is in it.
import { GraphQLError } from "graphql";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { localizedError, type MessageKey, type MessageParams } from "../i18n/index.ts";
import { checkpointOf, checkpointText, type Checkpoint } from "./audit/checkpoint.ts";
import { exportLines } from "./audit/offline.ts";
import { consistencyProof, inclusionProof } from "./audit/proofs.ts";
import { entryScope } from "./audit.operations.ts";
import { pageSizeArgument } from "../graph/page-size.ts";

const badInput = (key: MessageKey, params: MessageParams, field: string) => localizedError(key, params, { code: "BAD_USER_INPUT", field, http: { status: 400 } });

const CheckpointType = builder.objectRef<Checkpoint>("AuditCheckpoint").implement({
  description: "A signed checkpoint of the audit's transparency log (tree size, root hash, time; Ed25519). Keep the ones you fetch: npm run audit:verify checks an export against them.",
  fields: (t) => ({
    origin: t.exposeString("origin", { description: "The log's name, the first line of the signed text." }),
    treeSize: t.exposeInt("treeSize", { description: "How many entries the log held." }),
    rootHash: t.exposeString("rootHash", { description: "The RFC 6962 root hash of those entries (hex)." }),
    at: t.exposeString("at", { description: "When it was signed (ISO 8601, exactly as signed)." }),
    keyId: t.exposeString("keyId", { description: "The signing key's id (RFC 7638 thumbprint; the key is at /.well-known/deleveraging-graph-keys)." }),
    signature: t.exposeString("signature", { description: "The Ed25519 signature over `text` (base64)." }),
    text: t.string({ description: "The signed text: origin, size, root (base64) and time, one a line.", resolve: (c) => checkpointText(c) }),
  }),
});

interface InclusionShape {
  entryId: string;
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  rootHash: string;
  proof: string[];
  checkpoint: Checkpoint | null;
}

const InclusionType = builder.objectRef<InclusionShape>("AuditInclusionProof").implement({
  description: "The RFC 6962 proof that an audit entry is in the log of a given size.",
  fields: (t) => ({
    entryId: t.exposeString("entryId", { description: "The entry." }),
    leafIndex: t.exposeInt("leafIndex", { description: "Its leaf position, from 0." }),
    treeSize: t.exposeInt("treeSize", { description: "The tree size the proof is for." }),
    leafHash: t.exposeString("leafHash", { description: "SHA-256(0x00 || leaf data): the leaf data is 'deleveraging-graph/audit-entry/v1\\n<id>\\n<contentHash>'." }),
    rootHash: t.exposeString("rootHash", { description: "The root of the tree of that size (compare with a checkpoint you kept)." }),
    proof: t.exposeStringList("proof", { description: "The audit path, hex, leaf upwards." }),
    checkpoint: t.field({ type: CheckpointType, nullable: true, description: "The signed checkpoint at that size, if one was signed.", resolve: (p) => p.checkpoint }),
  }),
});

interface ConsistencyShape {
  fromSize: number;
  toSize: number;
  fromRoot: string;
  toRoot: string;
  proof: string[];
}

const ConsistencyType = builder.objectRef<ConsistencyShape>("AuditConsistencyProof").implement({
  description: "The RFC 6962 proof that the log of one size is a prefix of the log of a larger size (nothing was changed or removed in between).",
  fields: (t) => ({
    fromSize: t.exposeInt("fromSize", { description: "The smaller size." }),
    toSize: t.exposeInt("toSize", { description: "The larger size." }),
    fromRoot: t.exposeString("fromRoot", { description: "The root at fromSize." }),
    toRoot: t.exposeString("toRoot", { description: "The root at toSize." }),
    proof: t.exposeStringList("proof", { description: "The consistency proof, hex." }),
  }),
});

const ExportPageType = builder.objectRef<{ treeSize: number; lines: string[] }>("AuditLogExportPage").implement({
  description: "A page of the audit log's export (JSON lines; the first page starts with the header).",
  fields: (t) => ({
    treeSize: t.exposeInt("treeSize", { description: "The log's size when the page was read." }),
    lines: t.exposeStringList("lines", { description: "The lines, in leaf order." }),
  }),
});

const SigningKeyType = builder.objectRef<{ keyId: string; jwk: string }>("PlatformSigningKey").implement({
  description: "The platform's public Ed25519 key: it signs the audit log's checkpoints and signed responses.",
  fields: (t) => ({
    keyId: t.exposeString("keyId", { description: "Its RFC 7638 thumbprint." }),
    jwk: t.exposeString("jwk", { description: "The public key as a JWK (JSON)." }),
  }),
});

async function headSize(ctx: GraphContext): Promise<number> {
  return Number((await ctx.prisma.auditTreeHead.findUnique({ where: { id: 1 } }))?.size ?? 0n);
}

const sizeArg = (value: number | null | undefined, field: string, size: number): number => {
  if (value == null) return size;
  if (!Number.isInteger(value) || value < 1 || value > size) throw badInput("audit.treeSizeRange", { field, size }, field);
  return value;
};

const hex = (b: Buffer) => b.toString("hex");

builder.queryFields((t) => ({
  auditCheckpoint: t.field({
    type: CheckpointType,
    nullable: true,
    description: "The latest signed checkpoint of the audit log (null before the first).",
    resolve: async (_r, _a, ctx) => {
      const row = await ctx.prisma.auditCheckpoint.findFirst({ orderBy: { treeSize: "desc" } });
      return row ? checkpointOf(row) : null;
    },
  }),
  auditCheckpoints: t.field({
    type: [CheckpointType],
    description: "Signed checkpoints of the audit log, oldest first, from a tree size on.",
    args: {
      fromSize: t.arg.int({ defaultValue: 0, description: "Checkpoints at this size or larger." }),
      first: t.arg.int({ defaultValue: 100, description: "How many (at most 1000).", extensions: pageSizeArgument(1, 1000) }),
    },
    resolve: async (_r, args, ctx) =>
      (await ctx.prisma.auditCheckpoint.findMany({ where: { treeSize: { gte: BigInt(Math.max(0, args.fromSize ?? 0)) } }, orderBy: { treeSize: "asc" }, take: args.first ?? 100 })).map(checkpointOf),
  }),
  auditInclusionProof: t.field({
    type: InclusionType,
    description: "The proof that an audit entry you may see (auditEntries) is in the log of a given size (default: the latest checkpoint's, else the log's).",
    args: {
      entryId: t.arg.string({ required: true, description: "The entry's id (AuditEntry.id)." }),
      treeSize: t.arg.int({ description: "The tree size, e.g. a checkpoint's you kept." }),
    },
    resolve: async (_r, args, ctx) => {
      if (!/^\d{1,18}$/.test(args.entryId)) throw badInput("audit.entryIdFormat", {}, "entryId");
      const id = BigInt(args.entryId);
      // An entry outside the caller's scope is answered as one that does not exist.
      const entry = await ctx.prisma.auditEntry.findFirst({ where: { AND: [{ id }, entryScope(ctx)] }, select: { id: true } });
      if (!entry) throw badInput("audit.entryNotFound", { id: args.entryId }, "entryId");
      const leaf = await ctx.prisma.auditLeaf.findUnique({ where: { entryId: id } });
      if (!leaf) throw badInput("audit.entryNotSealed", { id: args.entryId }, "entryId");
      const size = await headSize(ctx);
      const latest = await ctx.prisma.auditCheckpoint.findFirst({ orderBy: { treeSize: "desc" } });
      const index = Number(leaf.idx);
      const treeSize = args.treeSize == null && latest && Number(latest.treeSize) > index ? Number(latest.treeSize) : sizeArg(args.treeSize, "treeSize", size);
      if (treeSize <= index) throw badInput("audit.entryNotInTree", { id: args.entryId, index, size: treeSize }, "treeSize");
      const p = await inclusionProof(ctx.prisma, index, treeSize);
      const checkpoint = await ctx.prisma.auditCheckpoint.findUnique({ where: { treeSize: BigInt(treeSize) } });
      return { entryId: args.entryId, leafIndex: index, treeSize, leafHash: hex(p.leafHash), rootHash: hex(p.rootHash), proof: p.proof.map(hex), checkpoint: checkpoint ? checkpointOf(checkpoint) : null };
    },
  }),
  auditConsistencyProof: t.field({
    type: ConsistencyType,
    description: "The proof that the log at `fromSize` (a checkpoint you kept) is a prefix of the log at `toSize` (a later one).",
    args: {
      fromSize: t.arg.int({ required: true, description: "The earlier tree size." }),
      toSize: t.arg.int({ description: "The later tree size (default: the log's current size)." }),
    },
    resolve: async (_r, args, ctx) => {
      const size = await headSize(ctx);
      const from = sizeArg(args.fromSize, "fromSize", size);
      const to = sizeArg(args.toSize, "toSize", size);
      if (from > to) throw badInput("audit.consistencyOrder", {}, "fromSize");
      const p = await consistencyProof(ctx.prisma, from, to);
      return { fromSize: from, toSize: to, fromRoot: hex(p.fromRoot), toRoot: hex(p.toRoot), proof: p.proof.map(hex) };
    },
  }),
  auditSigningKey: t.field({
    type: SigningKeyType,
    nullable: true,
    description: "The platform's public signing key (also at /.well-known/deleveraging-graph-keys).",
    resolve: (_r, _a, ctx) => (ctx.audit.signingKey ? { keyId: ctx.audit.signingKey.keyId, jwk: JSON.stringify(ctx.audit.signingKey.publicJwk) } : null),
  }),
  auditLogExport: t.field({
    type: ExportPageType,
    description: "A page of the whole audit log's export for an offline audit (FINANCE_BUREAU; npm run audit:export writes all of it).",
    args: {
      fromIndex: t.arg.int({ defaultValue: 0, description: "The first leaf index of the page (0: the header first)." }),
      first: t.arg.int({ defaultValue: 1000, description: "Entries in the page (at most 5000)." }),
    },
    resolve: (_r, args, ctx) => {
      const from = args.fromIndex ?? 0;
      const count = args.first ?? 1000;
      if (from < 0 || count < 1 || count > 5000) throw badInput("audit.exportRange", {}, from < 0 ? "fromIndex" : "first");
      return exportLines(ctx.prisma, from, count);
    },
  }),
}));
