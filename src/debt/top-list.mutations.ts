// submitTopList: a bank's monthly top-10 list replaces that month's list of that kind at once
// (owner: CBRC). Ranks kept are updated in place, new ranks created, dropped ranks deleted; every
// change goes to the history.
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import type { TopListEntry, TopListKind } from "../generated/prisma/client.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { recordChanges, type ChangeInput } from "../writes/history.ts";
import { IssueCollector, money, uscc } from "../writes/rules.ts";
import type { Localized } from "../i18n/index.ts";
import { checkUscc } from "../enterprise/uscc.ts";
import { TopListEntryNode, TopListKindEnum, monthStart } from "./top-list.type.ts";
import { BANK_KINDS, enterprisesByUscc, institutionsByCode } from "./references.ts";
import { writeErrors } from "./graph-docs.ts";

const LIST_SIZE = 10;

const TopListEntryInput = builder.inputType("TopListEntryInput", {
  description: "One place on a top-10 list.",
  fields: (t) => ({
    rank: t.int({ required: true, description: `Place on the list, 1 to ${LIST_SIZE}; each rank at most once.` }),
    uscc: t.string({ required: true, description: "The enterprise's unified social credit code; each enterprise at most once." }),
    exposure: t.field({ type: "Decimal", required: true, description: "The bank's exposure to it at month end, in yuan, not negative." }),
  }),
});

const entrySchema = z.object({
  rank: z.number().int().min(1, { message: `must be 1 to ${LIST_SIZE}` }).max(LIST_SIZE, { message: `must be 1 to ${LIST_SIZE}` }),
  uscc,
  exposure: money,
});

type EntryInput = typeof TopListEntryInput.$inferInput;
const entryKey = (lender: string, month: Date, kind: string, rank: number) => `${lender}/${month.toISOString().slice(0, 7)}/${kind}/${rank}`;

async function submitTopList(ctx: GraphContext, tx: Tx, args: { lender: string; month: Date; kind: TopListKind; entries: readonly EntryInput[] }): Promise<TopListEntry[]> {
  const issues = new IssueCollector();
  const month = monthStart(args.month);
  if (args.entries.length > LIST_SIZE) issues.add(["entries"], "maxItems", "maxItems.topList", { max: LIST_SIZE, count: args.entries.length });
  args.entries.forEach((e, i) => issues.parse(entrySchema, e, ["entries", i]));
  const firstOf = (key: (e: EntryInput) => string | number, field: string, what: Localized) => {
    const seen = new Map<string | number, number>();
    args.entries.forEach((e, i) => {
      const k = key(e);
      if (seen.has(k)) issues.add(["entries", i, field], "unique", "unique.topListEntry", { what, value: k, entry: seen.get(k)! });
      else seen.set(k, i);
    });
  };
  firstOf((e) => e.rank, "rank", { key: "topList.rank" });
  firstOf((e) => e.uscc, "uscc", { key: "topList.enterprise" });
  const [lenders, enterprises] = await Promise.all([institutionsByCode(tx, [args.lender]), enterprisesByUscc(tx, args.entries.map((e) => e.uscc))]);
  const lender = lenders.get(args.lender);
  if (!lender) issues.add(["lender"], "exists", "exists.institution", { code: args.lender });
  else if (!BANK_KINDS.includes(lender.kind)) issues.add(["lender"], "bankKind", "bankKind", { code: args.lender, kind: lender.kind });
  args.entries.forEach((e, i) => {
    if (checkUscc(e.uscc) === null && !enterprises.has(e.uscc)) issues.add(["entries", i, "uscc"], "exists", "exists.enterprise", { uscc: e.uscc });
  });
  issues.throwIfAny();

  const list = { institutionId: lender!.id, month, kind: args.kind };
  const current = new Map((await tx.topListEntry.findMany({ where: list })).map((e) => [e.rank, e]));
  const changes: ChangeInput[] = [];
  const change = (row: TopListEntry, action: ChangeInput["action"], before: TopListEntry | null, after: TopListEntry) =>
    changes.push({ entityType: "TopListEntry", entityId: row.id, entityKey: entryKey(args.lender, month, args.kind, row.rank), action, before, after });
  const fresh = args.entries.filter((e) => !current.has(e.rank));
  // A list has at most ten rows: the per-rank statements below are bounded by that, not by data size.
  for (const e of args.entries) {
    const before = current.get(e.rank);
    const data = { enterpriseId: enterprises.get(e.uscc)!.id, exposure: e.exposure };
    if (!before || (before.enterpriseId === data.enterpriseId && before.exposure.eq(data.exposure))) continue;
    const after = await tx.topListEntry.update({ where: { id: before.id }, data: { ...data, reportedAt: ctx.now, version: { increment: 1 } } });
    change(after, "UPDATE", before, after);
  }
  const dropped = [...current.values()].filter((e) => !args.entries.some((n) => n.rank === e.rank));
  if (dropped.length) await tx.topListEntry.deleteMany({ where: { id: { in: dropped.map((e) => e.id) } } });
  // A dropped rank is deleted (entries have no retired state); its history keeps a RETIRE entry.
  for (const e of dropped) change(e, "RETIRE", e, { ...e, version: e.version + 1 });
  const created = fresh.length
    ? await tx.topListEntry.createManyAndReturn({
        data: fresh.map((e) => ({ ...list, rank: e.rank, enterpriseId: enterprises.get(e.uscc)!.id, exposure: e.exposure, reportedAt: ctx.now })),
      })
    : [];
  for (const row of created) change(row, "CREATE", null, row);
  await recordChanges(tx, ctx, changes);
  return tx.topListEntry.findMany({ where: list, orderBy: { rank: "asc" } });
}

builder.mutationFields((t) => ({
  submitTopList: t.prismaField({
    type: [TopListEntryNode],
    description: "Replaces a bank's top-10 list (前十大名单) of one month and kind with the given entries, all at once (owner: CBRC 阳江银监分局). An empty list withdraws the month's list.",
    errors: writeErrors("the list as now stored, by rank"),
    args: {
      lender: t.arg.string({ required: true, description: "The reporting bank's institution code." }),
      month: t.arg({ type: "Date", required: true, description: "Any day of the month the list is for, e.g. 2026-09-01." }),
      kind: t.arg({ type: TopListKindEnum, required: true, description: "Which list." }),
      entries: t.arg({ type: [TopListEntryInput], required: true, description: `The list, up to ${LIST_SIZE} entries.` }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["CBRC"], { key: "records.topLists" });
      const { idempotencyKey, ...input } = args;
      return runWrite(ctx, { operation: "submitTopList", input, idempotencyKey }, (tx) => submitTopList(ctx, tx, input)) as never;
    },
  }),
}));
