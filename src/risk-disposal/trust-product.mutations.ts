// Recording and correcting trust products with repayment problems, keyed by product code (owner: CBRC).
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { retireByKey, upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { WRITE_ERRORS } from "../writes/errors.ts";
import { IssueCollector, date, money, text } from "../writes/rules.ts";
import { TrustProductKindEnum, TrustProductStatusEnum } from "./risk-disposal.enums.ts";
import { TrustProductNode } from "./trust-product.type.ts";
import { enterpriseByUscc } from "./references.ts";

const TrustProductInput = builder.inputType("TrustProductInput", {
  description: "A trust or asset-management product with a repayment problem, keyed by its code (created if new, else updated).",
  fields: (t) => ({
    productCode: t.string({ required: true, description: "Product code: 4–40 capital letters, digits or hyphens." }),
    name: t.string({ required: true, description: "Product name." }),
    kind: t.field({ type: TrustProductKindEnum, required: true, description: "Trust plan or private asset-management product." }),
    manager: t.string({ required: true, description: "The trust company or asset manager." }),
    amount: t.field({ type: "Decimal", required: true, description: "Amount raised, yuan; more than zero." }),
    dueDate: t.field({ type: "Date", required: true, description: "Contractual repayment date." }),
    amountOverdue: t.field({ type: "Decimal", required: true, description: "Amount due and not repaid, yuan; not more than the amount, zero once RESOLVED." }),
    status: t.field({ type: TrustProductStatusEnum, required: true, description: "Where the repayment problem stands." }),
    borrowerUscc: t.string({ description: "The underlying borrower's unified social credit code, where known; must be registered." }),
    disposalProgress: t.string({ description: "Disposal progress as reported." }),
    expectedVersion: t.int({ description: "The version you read; when given, a different stored version is a conflict and nothing is written." }),
  }),
});

const schema = z.object({
  productCode: z.string().regex(/^[A-Z0-9-]{4,40}$/, { message: "must be 4–40 capital letters, digits or hyphens" }),
  name: text(200),
  kind: z.enum(["TRUST_PLAN", "PRIVATE_ASSET_MANAGEMENT"]),
  manager: text(200),
  amount: money.refine((d) => d.gt(0), { message: "must be more than zero", params: { rule: "positive" } }),
  dueDate: date,
  amountOverdue: money,
  status: z.enum(["OVERDUE", "EXTENDED", "IN_DISPOSAL", "RESOLVED"]),
  borrowerUscc: z.string().nullish(),
  disposalProgress: text(2000).nullish(),
  expectedVersion: z.number().int().min(1, { message: "must be 1 or more" }).nullish(),
});

const products = (tx: Tx) => tx.trustProduct as unknown as Delegate<VersionedRow>;

async function upsertTrustProduct(ctx: GraphContext, tx: Tx, input: typeof TrustProductInput.$inferInput) {
  const issues = new IssueCollector();
  const data = issues.parse(schema, input, ["input"]);
  const borrower = await enterpriseByUscc(tx, input.borrowerUscc, ["input", "borrowerUscc"], issues);
  // Cross-field rules on the raw (already scalar-parsed) input, so they show next to field problems.
  if (input.amountOverdue.gt(input.amount)) issues.add(["input", "amountOverdue"], "notAboveAmount", "notAboveAmount");
  if (input.status === "RESOLVED" && !input.amountOverdue.isZero()) issues.add(["input", "amountOverdue"], "zeroWhenResolved", "zeroWhenResolved");
  if (input.status !== "RESOLVED" && input.amountOverdue.isZero()) issues.add(["input", "amountOverdue"], "positiveUnlessResolved", "positiveUnlessResolved");
  issues.throwIfAny();
  const { expectedVersion, borrowerUscc: _u, ...fields } = data!;
  const { row } = await upsertByKey(tx, ctx, {
    delegate: products(tx),
    entityType: "TrustProduct",
    key: fields.productCode,
    where: { productCode: fields.productCode },
    expectedVersion,
    data: { ...fields, disposalProgress: fields.disposalProgress ?? null, borrowerId: borrower?.id ?? null },
  });
  return row;
}

builder.mutationFields((t) => ({
  upsertTrustProduct: t.prismaField({
    type: TrustProductNode,
    description: "Records a trust or asset-management product with a repayment problem, or corrects one (owner: CBRC 阳江银监分局).",
    errors: { types: WRITE_ERRORS },
    args: {
      input: t.arg({ type: TrustProductInput, required: true, description: "The product." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["CBRC"], { key: "records.trustProducts" });
      return runWrite(ctx, { operation: "upsertTrustProduct", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertTrustProduct(ctx, tx, args.input)) as never;
    },
  }),
  retireTrustProduct: t.prismaField({
    type: TrustProductNode,
    description: "Retires a product recorded in error (撤回); it stays readable with retiredAt set (owner: CBRC).",
    errors: { types: WRITE_ERRORS },
    args: {
      productCode: t.arg.string({ required: true, description: "The product code." }),
      expectedVersion: t.arg.int({ description: "The version you read; a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["CBRC"], { key: "records.trustProducts" });
      return runWrite(ctx, { operation: "retireTrustProduct", input: args, idempotencyKey: args.idempotencyKey }, (tx) =>
        retireByKey(tx, ctx, { delegate: products(tx), entityType: "TrustProduct", key: args.productCode, where: { productCode: args.productCode }, expectedVersion: args.expectedVersion }),
      ) as never;
    },
  }),
}));
