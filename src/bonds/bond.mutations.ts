// Registering and retiring bonds. The owner follows the kind (bond.enums.ts BOND_OWNER); a kind
// change that would hand the bond to the other agency is refused.
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { retireByKey, upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { ConflictError, WRITE_ERRORS } from "../writes/errors.ts";
import { IssueCollector, date, money, ratio, text, uscc } from "../writes/rules.ts";
import { BOND_OWNER, BondKindEnum } from "./bond.enums.ts";
import { BondNode } from "./bond.type.ts";
import { assertBondWriter, ownedBond } from "./bond-access.ts";
import { rereadQuery } from "../writes/reread.ts";

const BondInput = builder.inputType("BondInput", {
  description: "A bond, keyed by its code (created if new, else updated). Amounts in yuan.",
  fields: (t) => ({
    code: t.string({ required: true, description: "Bond code (债券代码): 6–12 digits or capital letters, optionally a market suffix such as .IB." }),
    name: t.string({ required: true, description: "Short name (债券简称)." }),
    issuerUscc: t.string({ required: true, description: "The issuer's unified social credit code; the enterprise must be registered." }),
    kind: t.field({ type: BondKindEnum, required: true, description: "Kind of instrument; decides the owner (PBOC or DEVELOPMENT_REFORM)." }),
    amount: t.field({ type: "Decimal", required: true, description: "Issue amount (发行金额), greater than zero." }),
    couponRate: t.field({ type: "Decimal", required: true, description: "Coupon rate as a fraction between 0 and 0.2 (票面利率)." }),
    issueDate: t.field({ type: "Date", required: true, description: "Issue date (发行日期)." }),
    maturityDate: t.field({ type: "Date", required: true, description: "Maturity date (到期日期), after the issue date." }),
    statedPurpose: t.string({ required: true, description: "Stated use of proceeds (募集资金用途)." }),
    expectedVersion: t.int({ description: "The version you read; when given, a different stored version is a conflict and nothing is written." }),
  }),
});

const bondSchema = z
  .object({
    code: z.string().regex(/^[0-9A-Z]{6,12}(\.[A-Z]{2,4})?$/, { message: "must be 6–12 digits or capital letters, optionally with a market suffix such as .IB" }),
    name: text(100),
    issuerUscc: uscc,
    kind: z.enum(Object.keys(BOND_OWNER) as [keyof typeof BOND_OWNER]),
    amount: money.refine((d) => d.gt(0), { message: "must be greater than zero", params: { rule: "positive" } }),
    couponRate: ratio(0, 0.2),
    issueDate: date,
    maturityDate: date,
    statedPurpose: text(500),
    expectedVersion: z.number().int().min(1, { message: "must be 1 or more" }).nullish(),
  })
  .superRefine((b, ctx) => {
    if (b.maturityDate <= b.issueDate) ctx.addIssue({ code: "custom", path: ["maturityDate"], message: "must be after issueDate", params: { rule: "dateOrder", key: "dateOrder.after", earlier: "issueDate" } });
  });

type BondRow = VersionedRow & { code: string };
const bonds = (tx: Tx) => tx.bond as unknown as Delegate<BondRow>;

async function upsertBond(ctx: GraphContext, tx: Tx, input: typeof BondInput.$inferInput) {
  const current = await tx.bond.findUnique({ where: { code: input.code } });
  const newOwner = BOND_OWNER[input.kind];
  assertOwner(ctx, [current?.ownerAgency ?? newOwner], current ? { key: "records.bond", params: { code: input.code, kind: current.kind } } : { key: "records.bondsOfKind", params: { kind: input.kind } });
  if (current && current.ownerAgency !== newOwner) {
    throw new ConflictError({ key: "conflict.bond.ownerMoves", params: { code: input.code, kind: current.kind, owner: current.ownerAgency, newKind: input.kind, newOwner } }, current.version);
  }
  const issues = new IssueCollector();
  const data = issues.parse(bondSchema, input, ["input"]);
  const issuer = await tx.enterprise.findUnique({ where: { uscc: input.issuerUscc }, select: { id: true } });
  if (!issuer) issues.add(["input", "issuerUscc"], "exists", "exists.enterprise", { uscc: input.issuerUscc });
  if (current && data) {
    // A new term must still hold every due date already scheduled.
    const outside = await tx.bondScheduleItem.count({ where: { bondId: current.id, OR: [{ dueDate: { lt: data.issueDate } }, { dueDate: { gt: data.maturityDate } }] } });
    if (outside) issues.add(["input", "maturityDate"], "scheduleWithinTerm", "bondSchedule.outsideTerm", { count: outside });
  }
  issues.throwIfAny();
  const { expectedVersion, issuerUscc: _uscc, ...fields } = data!;
  const { row } = await upsertByKey(tx, ctx, {
    delegate: bonds(tx),
    entityType: "Bond",
    key: fields.code,
    where: { code: fields.code },
    expectedVersion,
    data: { ...fields, issuerId: issuer!.id, ownerAgency: newOwner },
  });
  return row;
}

/**
 * A bond written answers read back through the selection's query: its computed fields (amount
 * overdue, next payment) need the schedule the query loads. A replay answers the same way.
 */
export const rereadBond = (ctx: GraphContext, query: object, id: number) => ctx.prisma.bond.findUniqueOrThrow({ ...rereadQuery(query), where: { id } });

builder.mutationFields((t) => ({
  upsertBond: t.prismaField({
    type: BondNode,
    description: "Registers a bond or updates it (owner by kind: PBOC 人行 for interbank instruments, DEVELOPMENT_REFORM 发改 for enterprise and corporate bonds).",
    errors: { types: WRITE_ERRORS },
    args: {
      input: t.arg({ type: BondInput, required: true, description: "The bond." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (query, _root, args, ctx) => {
      assertBondWriter(ctx);
      const row = await runWrite(ctx, { operation: "upsertBond", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertBond(ctx, tx, args.input));
      return rereadBond(ctx, query, row.id);
    },
  }),
  retireBond: t.prismaField({
    type: BondNode,
    description: "Retires a bond registered in error (撤回); it stays readable with retiredAt set (owner: the bond's owner agency).",
    errors: { types: WRITE_ERRORS },
    args: {
      code: t.arg.string({ required: true, description: "The bond code." }),
      expectedVersion: t.arg.int({ description: "The version you read; a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again." }),
    },
    resolve: async (query, _root, args, ctx) => {
      assertBondWriter(ctx);
      const row = await runWrite(ctx, { operation: "retireBond", input: args, idempotencyKey: args.idempotencyKey }, async (tx) => {
        await ownedBond(tx, ctx, args.code);
        return retireByKey(tx, ctx, { delegate: bonds(tx), entityType: "Bond", key: args.code, where: { code: args.code }, expectedVersion: args.expectedVersion });
      });
      return rereadBond(ctx, query, row.id);
    },
  }),
}));
