// The access audit in the graph: entries (FINANCE_BUREAU all, others their own), who received a
// record (for its owner), and verifying the hash chain (FINANCE_BUREAU).
import { builder } from "../builder.ts";
import type { AuditEntry, Prisma } from "../generated/prisma/client.ts";
import { loaderFor } from "../graph/loaders.ts";
import type { GraphContext } from "../context.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { expandRecords, recordKey, type AuditRecordInput } from "./audit/chain.ts";
import { verifyAuditLog } from "./audit/verify.ts";
import { MATRIX, type ResourceName } from "./policy/matrix.ts";
import { MAX_PAGE_SIZE, pageSizeArgument } from "../graph/page-size.ts";

const AuditedRecordType = builder.objectRef<AuditRecordInput>("AuditedRecord").implement({
  description: "A record from a sensitive or conditional resource that an audited operation returned.",
  fields: (t) => ({
    entityType: t.exposeString("entityType", { description: "The record's type, e.g. Loan." }),
    entityId: t.exposeInt("entityId", { description: "The record's id." }),
    resource: t.exposeString("resource", { description: "The resource it was read from." }),
    fields: t.exposeStringList("fields", { description: "The fields returned of it." }),
  }),
});

/** An entry's leaf in the transparency log (its position and leaf hash), loaded for a page of entries at once; null until sealed. */
const leafOf = (ctx: GraphContext, id: bigint): Promise<{ idx: bigint; hash: string } | null> =>
  loaderFor<bigint, { idx: bigint; hash: string } | null>(ctx, "audit:leaf", async (ids) => {
    const rows = await ctx.prisma.$queryRawUnsafe<{ entry_id: bigint; idx: bigint; hash: string }[]>(
      `SELECT l.entry_id, l.idx, n.hash FROM audit_leaf l JOIN audit_tree_node n ON n.level = 0 AND n.idx = l.idx WHERE l.entry_id = ANY($1::bigint[])`,
      ids.map(String),
    );
    return ids.map((i) => rows.find((r) => BigInt(r.entry_id) === i) ?? null);
  }).load(id);

const AuditEntryType = builder.objectRef<AuditEntry>("AuditEntry").implement({
  description:
    "One audited operation (访问审计记录): who read what, when, for what purpose; and every write, in an entry committed with it (who wrote what). Entries are sealed into a transparency log (RFC 6962 Merkle tree, signed checkpoints).",
  fields: (t) => ({
    id: t.string({ nullable: false, description: "The entry's id (in the order entries arrived; verifyAuditChain names entries by it).", resolve: (e) => e.id.toString() }),
    chainPosition: t.string({
      nullable: true,
      description: "Its position in the transparency log, from 1 (its leaf index + 1); null for the moment between its commit and its seal (a few milliseconds).",
      resolve: async (e, _a, ctx) => {
        const leaf = await leafOf(ctx, e.id);
        return leaf ? (BigInt(leaf.idx) + 1n).toString() : null;
      },
    }),
    at: t.field({ type: "DateTime", resolve: (e) => e.at, description: "When the operation ran." }),
    requestId: t.exposeString("requestId", { description: "The request id (also in the server log and response header)." }),
    agency: t.field({ type: AgencyEnum, resolve: (e) => e.agency, description: "The principal's agency." }),
    countyCode: t.exposeString("countyCode", { nullable: true, description: "The principal's county, for a county government." }),
    principalName: t.exposeString("principalName", { description: "The system or user name." }),
    keyPrefix: t.exposeString("keyPrefix", { nullable: true, description: "The API key's public prefix (or jwt:<issuer>)." }),
    operationName: t.exposeString("operationName", {
      nullable: true,
      description: "The GraphQL operation name; for the entry a write stores with itself, Mutation.<field>, e.g. Mutation.upsertLoan.",
    }),
    documentHash: t.exposeString("documentHash", { description: "SHA-256 of the GraphQL document; for a write's own entry, of the mutation and its input." }),
    variables: t.string({ description: "The variables as JSON (for a write's own entry, its input), personal data redacted.", resolve: (e) => JSON.stringify(e.variables) }),
    purpose: t.exposeString("purpose", { nullable: true, description: "The purpose stated for conditional resources." }),
    resources: t.exposeStringList("resources", { description: "The resources the response carried data of." }),
    deniedFields: t.exposeInt("deniedFields", { description: "How many fields were denied." }),
    maskedFields: t.exposeInt("maskedFields", { description: "How many fields were masked." }),
    records: t.field({
      type: [AuditedRecordType],
      description: "Records returned from sensitive and conditional resources, with their fields; for a write's own entry, the records it changed.",
      // Stored grouped in the entry (one row per entry, not one per record): expanded here.
      resolve: (e) => expandRecords(e.records),
    }),
    hash: t.string({
      nullable: true,
      description: "This entry's leaf hash in the transparency log (SHA-256 of 0x00, then its id and content hash); null until sealed. auditInclusionProof proves it is in the log.",
      resolve: async (e, _a, ctx) => (await leafOf(ctx, e.id))?.hash ?? null,
    }),
    prevHash: t.string({
      nullable: true,
      deprecationReason: "The hash chain was replaced by the transparency log: use auditInclusionProof.",
      description: "Always null: entries are no longer chained to their predecessor.",
      resolve: () => null,
    }),
    contentHash: t.exposeString("contentHash", { description: "SHA-256 of the entry's content and records, computed before it was stored." }),
  }),
});

interface RecipientShape {
  agency: string;
  countyCode: string | null;
  principalName: string;
  at: Date;
  fields: string[];
  purpose: string | null;
  requestId: string;
}

const RecipientType = builder.objectRef<RecipientShape>("Recipient").implement({
  description: "An agency that received a record: when, which fields, for what purpose (so corrections can reach everyone holding a copy).",
  fields: (t) => ({
    agency: t.exposeString("agency", { description: "The receiving agency." }),
    countyCode: t.exposeString("countyCode", { nullable: true, description: "Its county, for a county government." }),
    principalName: t.exposeString("principalName", { description: "The system or user." }),
    at: t.field({ type: "DateTime", resolve: (r) => r.at, description: "When." }),
    fields: t.exposeStringList("fields", { description: "The fields it received." }),
    purpose: t.exposeString("purpose", { nullable: true, description: "The purpose stated, for a conditional resource." }),
    requestId: t.exposeString("requestId", { description: "The request id." }),
  }),
});

const AuditChainVerdictType = builder
  .objectRef<{ ok: boolean; checked: number; unsealed: number; firstBrokenId: bigint | null; reason: string | null }>("AuditChainVerdict")
  .implement({
    description: "The result of verifying the audit's transparency log against its entries, its stored tree and its signed checkpoints.",
    fields: (t) => ({
      ok: t.exposeBoolean("ok", { description: "True when every entry, subtree and checkpoint holds." }),
      checked: t.exposeInt("checked", { description: "Entries checked." }),
      unsealed: t.exposeInt("unsealed", { description: "Entries committed but not yet sealed into the log (their content was checked; they are sealed within moments)." }),
      firstBrokenId: t.string({ nullable: true, description: "The first entry found altered, removed or out of place.", resolve: (v) => v.firstBrokenId?.toString() ?? null }),
      reason: t.exposeString("reason", { nullable: true, description: "What is wrong there." }),
    }),
  });

const AuditEntryFilter = builder.inputType("AuditEntryFilter", {
  description: "Narrows the audit log.",
  fields: (t) => ({
    agency: t.field({ type: AgencyEnum, description: "Entries of this agency (FINANCE_BUREAU only; others see their own)." }),
    resource: t.string({ description: "Entries that read this resource." }),
    entityType: t.string({ description: "Entries that returned a record of this type (with entityId)." }),
    entityId: t.int({ description: "Entries that returned this record (with entityType)." }),
    from: t.field({ type: "DateTime", description: "At or after." }),
    to: t.field({ type: "DateTime", description: "Before." }),
  }),
});

export function entryScope(ctx: GraphContext): Prisma.AuditEntryWhereInput {
  const { agency, countyCode, name } = ctx.principal;
  if (agency === "FINANCE_BUREAU") return {};
  return { agency, principalName: name, ...(agency === "COUNTY" ? { countyCode } : {}) };
}

/** The resource owning records of a type, from the audit records themselves. */
const TYPE_OWNER_CHECK = (ctx: GraphContext, resource: string) =>
  ctx.principal.agency === "FINANCE_BUREAU" || (resource in MATRIX && (MATRIX[resource as ResourceName].owners as readonly string[]).includes(ctx.principal.agency));

builder.queryFields((t) => ({
  auditEntries: t.field({
    type: [AuditEntryType],
    description: "The access audit, newest first: FINANCE_BUREAU reads all of it, every other principal its own entries.",
    args: {
      filter: t.arg({ type: AuditEntryFilter, description: "Conditions the entries must meet." }),
      first: t.arg.int({ defaultValue: 50, description: "How many entries (at most 500).", extensions: pageSizeArgument(0, MAX_PAGE_SIZE) }),
    },
    resolve: (_r, args, ctx) => {
      const f = args.filter ?? {};
      return ctx.prisma.auditEntry.findMany({
        where: {
          AND: [
            entryScope(ctx),
            f.agency ? { agency: f.agency } : {},
            f.resource ? { resources: { has: f.resource } } : {},
            f.entityType && f.entityId != null ? { recordKeys: { has: recordKey(f.entityType, f.entityId) } } : {},
            f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {},
          ],
        },
        orderBy: { id: "desc" },
        take: args.first ?? 50,
      });
    },
  }),
  recipients: t.field({
    type: [RecipientType],
    description: "Who received a record: for the record's owner (and FINANCE_BUREAU), every audited read of it, newest first.",
    args: {
      entityType: t.arg.string({ required: true, description: "The record's type, e.g. Loan." }),
      entityId: t.arg.int({ required: true, description: "The record's id (the number inside its global id)." }),
    },
    resolve: async (_r, args, ctx) => {
      // The entries holding the record, by its key (GIN index on record_keys), newest first.
      const entries = await ctx.prisma.auditEntry.findMany({
        where: { recordKeys: { has: recordKey(args.entityType, args.entityId) } },
        orderBy: { id: "desc" },
        take: 1000,
      });
      return entries.flatMap((e) =>
        expandRecords(e.records)
          .filter((r) => r.entityType === args.entityType && r.entityId === args.entityId && TYPE_OWNER_CHECK(ctx, r.resource))
          .map((r) => ({ agency: e.agency, countyCode: e.countyCode, principalName: e.principalName, at: e.at, fields: r.fields, purpose: e.purpose, requestId: e.requestId })),
      );
    },
  }),
  verifyAuditChain: t.field({
    type: AuditChainVerdictType,
    description: "Seals the committed entries, recomputes the transparency log from them and compares it with the stored tree and every signed checkpoint; reports the first altered, removed or inserted entry, if any (FINANCE_BUREAU).",
    resolve: (_r, _a, ctx) => verifyAuditLog(ctx.prisma, { publicKey: ctx.audit.signingKey?.publicKey ?? null }),
  }),
}));
