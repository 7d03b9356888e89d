// Replacing a bond's payment schedule. Items are matched by (due date, kind): kept items keep
// their notices and payments, new ones are created, missing ones removed; an item that already
// has payments can be neither removed nor re-priced (ConflictError).
import { z } from "zod";
import { builder } from "../builder.ts";
import type { Bond, BondScheduleItem } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { recordChanges, type ChangeInput } from "../writes/history.ts";
import { ConflictError, WRITE_ERRORS } from "../writes/errors.ts";
import { IssueCollector, date, money } from "../writes/rules.ts";
import { BondFlowKindEnum } from "./bond.enums.ts";
import { BondNode } from "./bond.type.ts";
import { assertBondWriter, assertVersion, itemKey, ownedBond } from "./bond-access.ts";
import { rereadBond } from "./bond.mutations.ts";

const BondScheduleItemInput = builder.inputType("BondScheduleItemInput", {
  description: "One due date of a payment schedule.",
  fields: (t) => ({
    dueDate: t.field({ type: "Date", required: true, description: "Due date, within the bond's issue and maturity dates." }),
    kind: t.field({ type: BondFlowKindEnum, required: true, description: "Coupon or principal." }),
    amountDue: t.field({ type: "Decimal", required: true, description: "Amount due in yuan, not negative." }),
  }),
});

const itemsSchema = z.array(z.object({ dueDate: date, kind: z.enum(["COUPON", "PRINCIPAL"]), amountDue: money }));

type ItemInput = z.output<typeof itemsSchema>[number];
type StoredItem = BondScheduleItem & { _count: { payments: number } };

const iso = (d: Date) => d.toISOString().slice(0, 10);
const keyOf = (i: { dueDate: Date; kind: string }) => `${iso(i.dueDate)} ${i.kind}`;
/** The schedule as its history shows it: one line per item, in date order. */
const summary = (items: readonly (ItemInput | BondScheduleItem)[]) =>
  items.map((i) => `${keyOf(i)} ${i.amountDue.toFixed(2)}`).sort();

function validateItems(bond: Bond, input: unknown): ItemInput[] {
  const issues = new IssueCollector();
  const items = issues.parse(itemsSchema, input, ["items"]);
  // Term and uniqueness are checked on the raw rows too, so one answer lists every problem.
  const seen = new Map<string, number>();
  (input as { dueDate: Date; kind: string }[]).forEach((item, i) => {
    if (item.dueDate < bond.issueDate || item.dueDate > bond.maturityDate) {
      issues.add(["items", i, "dueDate"], "withinTerm", "bondSchedule.withinTerm", { from: iso(bond.issueDate), to: iso(bond.maturityDate) });
    }
    const key = keyOf(item);
    if (seen.has(key)) issues.add(["items", i], "unique", "unique.scheduleItem", { index: seen.get(key)! });
    else seen.set(key, i);
  });
  issues.throwIfAny();
  return items!;
}

export async function setSchedule(ctx: GraphContext, tx: Tx, args: { code: string; items: unknown; expectedVersion?: number | null }) {
  const bond = await ownedBond(tx, ctx, args.code);
  assertVersion("Bond", bond.code, bond.version, args.expectedVersion);
  const wanted = validateItems(bond, args.items);
  const stored: StoredItem[] = await tx.bondScheduleItem.findMany({ where: { bondId: bond.id }, include: { _count: { select: { payments: true } } } });
  const wantedByKey = new Map(wanted.map((i) => [keyOf(i), i]));
  const storedByKey = new Map(stored.map((i) => [keyOf(i), i]));

  const removed = stored.filter((s) => !wantedByKey.has(keyOf(s)));
  const repriced = stored.filter((s) => wantedByKey.has(keyOf(s)) && !wantedByKey.get(keyOf(s))!.amountDue.eq(s.amountDue));
  const paidAndTouched = [...removed, ...repriced].filter((s) => s._count.payments > 0);
  if (paidAndTouched.length) {
    throw new ConflictError({ key: "conflict.bond.paidItems", params: { items: paidAndTouched.map(keyOf).join(", ") } }, bond.version);
  }
  const added = wanted.filter((w) => !storedByKey.has(keyOf(w)));
  if (!removed.length && !repriced.length && !added.length) return bond;

  const changes: ChangeInput[] = [];
  if (removed.length) await tx.bondScheduleItem.deleteMany({ where: { id: { in: removed.map((r) => r.id) } } });
  for (const item of repriced) {
    const { _count, ...before } = item;
    const after = await tx.bondScheduleItem.update({ where: { id: item.id }, data: { amountDue: wantedByKey.get(keyOf(item))!.amountDue, reportedAt: ctx.now, version: { increment: 1 } } });
    changes.push({ entityType: "BondScheduleItem", entityId: item.id, entityKey: itemKey(bond.code, item.dueDate, item.kind), action: "UPDATE", before, after });
  }
  const created = added.length
    ? await tx.bondScheduleItem.createManyAndReturn({ data: added.map((a) => ({ ...a, bondId: bond.id, ownerAgency: bond.ownerAgency, reportedAt: ctx.now })) })
    : [];
  for (const row of created) changes.push({ entityType: "BondScheduleItem", entityId: row.id, entityKey: itemKey(bond.code, row.dueDate, row.kind), action: "CREATE", before: null, after: row });

  // The bond's own version moves with its schedule, so expectedVersion guards schedule edits too.
  const updated = await tx.bond.update({ where: { id: bond.id }, data: { reportedAt: ctx.now, version: { increment: 1 } } });
  changes.push({
    entityType: "Bond",
    entityId: bond.id,
    entityKey: bond.code,
    action: "UPDATE",
    before: { ...bond, schedule: summary(stored) },
    after: { ...updated, schedule: summary(wanted) },
  });
  await recordChanges(tx, ctx, changes);
  return updated;
}

builder.mutationFields((t) => ({
  setBondSchedule: t.prismaField({
    type: BondNode,
    description:
      "Replaces a bond's payment schedule (兑付安排) with the items given (owner: the bond's owner agency). Items with payments recorded cannot be removed or re-priced.",
    errors: { types: WRITE_ERRORS },
    args: {
      code: t.arg.string({ required: true, description: "The bond code." }),
      items: t.arg({ type: [BondScheduleItemInput], required: true, description: "The whole new schedule; no two items with the same due date and kind." }),
      expectedVersion: t.arg.int({ description: "The bond's version you read; a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again." }),
    },
    resolve: async (query, _root, args, ctx) => {
      assertBondWriter(ctx);
      const bond = await runWrite(ctx, { operation: "setBondSchedule", input: args, idempotencyKey: args.idempotencyKey }, (tx) => setSchedule(ctx, tx, args));
      return rereadBond(ctx, query, bond.id);
    },
  }),
}));
