// Writes to enterprise financial statements (owner: PBOC, which collects them).
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { retireByKey, upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { EXPECTED_VERSION_DOC, IDEMPOTENCY_KEY_DOC, NotFoundError, WRITE_ERRORS } from "../writes/errors.ts";
import { IssueCollector, date, money } from "../writes/rules.ts";
import { FinancialStatementNode, StatementPeriodEnum } from "./statement.type.ts";
import { rereadQuery } from "../writes/reread.ts";

const FinancialStatementInput = builder.inputType("FinancialStatementInput", {
  description: "A financial statement, keyed by enterprise, period end and period type (created if new, else updated). Amounts in yuan.",
  fields: (t) => ({
    uscc: t.string({ required: true, description: "The reporting enterprise's unified social credit code." }),
    periodEnd: t.field({ type: "Date", required: true, description: "Last day of the period." }),
    periodType: t.field({ type: StatementPeriodEnum, required: true, description: "Annual or quarterly." }),
    totalAssets: t.field({ type: "Decimal", required: true, description: "Total assets (资产总计)." }),
    currentAssets: t.field({ type: "Decimal", required: true, description: "Current assets (流动资产合计)." }),
    totalLiabilities: t.field({ type: "Decimal", required: true, description: "Total liabilities (负债合计)." }),
    currentLiabilities: t.field({ type: "Decimal", required: true, description: "Current liabilities (流动负债合计)." }),
    shortTermBorrowings: t.field({ type: "Decimal", required: true, description: "Short-term borrowings (短期借款)." }),
    longTermBorrowings: t.field({ type: "Decimal", required: true, description: "Long-term borrowings (长期借款)." }),
    privateLending: t.field({ type: "Decimal", required: true, description: "Private lending (民间借贷)." }),
    revenue: t.field({ type: "Decimal", required: true, description: "Operating revenue (营业收入)." }),
    netProfit: t.field({ type: "Decimal", required: true, description: "Negative for a loss." }),
    expectedVersion: t.int({ description: "The version you read; a different stored version is a conflict." }),
  }),
});

const notMore = (part: string, whole: string) => (s: Record<string, unknown>, ctx: z.RefinementCtx) => {
  const a = s[part];
  const b = s[whole];
  if (Prisma.Decimal.isDecimal(a) && Prisma.Decimal.isDecimal(b) && (a as Prisma.Decimal).gt(b as Prisma.Decimal)) {
    ctx.addIssue({ code: "custom", path: [part], message: `must not exceed ${whole}`, params: { rule: "partOfWhole", whole } });
  }
};

const statementSchema = z
  .object({
    uscc: z.string(),
    periodEnd: date,
    periodType: z.enum(["ANNUAL", "QUARTERLY"]),
    totalAssets: money,
    currentAssets: money,
    totalLiabilities: money,
    currentLiabilities: money,
    shortTermBorrowings: money,
    longTermBorrowings: money,
    privateLending: money,
    revenue: money,
    netProfit: z.custom<Prisma.Decimal>((v) => Prisma.Decimal.isDecimal(v)),
    expectedVersion: z.number().int().min(1).nullish(),
  })
  .superRefine(notMore("currentAssets", "totalAssets"))
  .superRefine(notMore("currentLiabilities", "totalLiabilities"))
  .superRefine(notMore("shortTermBorrowings", "currentLiabilities"));

type StatementRow = VersionedRow;
const statements = (tx: Tx) => tx.financialStatement as unknown as Delegate<StatementRow>;
const keyOf = (uscc: string, periodEnd: Date, periodType: string) => `${uscc}/${periodType}/${periodEnd.toISOString().slice(0, 10)}`;

/** Only PBOC writes statements: the mutations' rule, and the statement sheet's (src/sheets/batches/statements.ts). */
export const assertStatementWriter = (ctx: GraphContext) => assertOwner(ctx, ["PBOC"], { key: "records.enterpriseStatements" });

/**
 * How a statement's write finds the enterprise and the stored statement: one read each by default;
 * a sheet of many statements reads all its rows' at once (statementsOf).
 */
export interface StatementLookup {
  enterpriseId(uscc: string): Promise<number | null>;
  /** the stored statement (null: none), or undefined: read by the write itself */
  stored(enterpriseId: number, periodEnd: Date, periodType: string): StatementRow | null | undefined;
}

const readEach = (tx: Tx): StatementLookup => ({
  enterpriseId: async (uscc) => (await tx.enterprise.findUnique({ where: { uscc }, select: { id: true } }))?.id ?? null,
  stored: () => undefined,
});

/** The enterprises and stored statements of many statements in two reads (a superset, matched here). */
export async function statementsOf(tx: Tx, inputs: readonly { uscc: string; periodEnd: Date; periodType: string }[]): Promise<StatementLookup> {
  const ids = new Map((await tx.enterprise.findMany({ where: { uscc: { in: [...new Set(inputs.map((i) => i.uscc))] } }, select: { id: true, uscc: true } })).map((e) => [e.uscc, e.id]));
  const days = [...new Set(inputs.map((i) => i.periodEnd.getTime()))].map((t) => new Date(t));
  const rows = (await tx.financialStatement.findMany({ where: { enterpriseId: { in: [...new Set(ids.values())] }, periodEnd: { in: days } } })) as unknown as (StatementRow & { enterpriseId: number; periodEnd: Date; periodType: string })[];
  const at = (enterpriseId: number, periodEnd: Date, periodType: string) => `${enterpriseId}/${periodType}/${periodEnd.getTime()}`;
  const stored = new Map(rows.map((r) => [at(r.enterpriseId, r.periodEnd, r.periodType), r]));
  return { enterpriseId: async (uscc) => ids.get(uscc) ?? null, stored: (e, d, p) => stored.get(at(e, d, p)) ?? null };
}

/** One statement's write: validation, the record, its history (and notices); the sheet upload calls it per row. */
export async function upsertStatement(ctx: GraphContext, tx: Tx, input: { uscc: string }, lookup: StatementLookup = readEach(tx)) {
  const issues = new IssueCollector();
  const data = issues.parse(statementSchema, input, ["input"]);
  const enterpriseId = await lookup.enterpriseId(input.uscc);
  if (enterpriseId === null) issues.add(["input", "uscc"], "exists", "exists.enterprise", { uscc: input.uscc });
  issues.throwIfAny();
  const { uscc, periodEnd, periodType, expectedVersion, ...figures } = data!;
  const where = { enterpriseId_periodEnd_periodType: { enterpriseId: enterpriseId!, periodEnd, periodType } };
  return upsertByKey(tx, ctx, {
    delegate: statements(tx),
    entityType: "FinancialStatement",
    key: keyOf(uscc, periodEnd, periodType),
    where,
    expectedVersion,
    current: lookup.stored(enterpriseId!, periodEnd, periodType),
    data: { enterpriseId: enterpriseId!, periodEnd, periodType, ...figures },
  });
}

builder.mutationFields((t) => ({
  upsertFinancialStatement: t.prismaField({
    type: FinancialStatementNode,
    description: "Records or corrects an enterprise's financial statement (owner: PBOC 人行阳江市中心支行).",
    errors: { types: WRITE_ERRORS },
    args: {
      input: t.arg({ type: FinancialStatementInput, required: true, description: "The statement to write." }),
      idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DOC }),
    },
    resolve: async (query, _root, args, ctx) => {
      assertStatementWriter(ctx);
      const row = await runWrite(ctx, { operation: "upsertFinancialStatement", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) =>
        upsertStatement(ctx, tx, args.input).then((written) => written.row),
      );
      return ctx.prisma.financialStatement.findUniqueOrThrow({ ...rereadQuery(query), where: { id: row.id } });
    },
  }),
  retireFinancialStatement: t.prismaField({
    type: FinancialStatementNode,
    description: "Withdraws a financial statement; it stays readable with retiredAt set (owner: PBOC).",
    errors: { types: WRITE_ERRORS },
    args: {
      uscc: t.arg.string({ required: true, description: "The reporting enterprise's unified social credit code." }),
      periodEnd: t.arg({ type: "Date", required: true, description: "Last day of the statement's period." }),
      periodType: t.arg({ type: StatementPeriodEnum, required: true, description: "Annual or quarterly." }),
      expectedVersion: t.arg.int({ description: EXPECTED_VERSION_DOC }),
      idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DOC }),
    },
    resolve: async (query, _root, args, ctx) => {
      assertStatementWriter(ctx);
      const row = await runWrite(ctx, { operation: "retireFinancialStatement", input: args, idempotencyKey: args.idempotencyKey }, async (tx) => {
        const enterprise = await tx.enterprise.findUnique({ where: { uscc: args.uscc }, select: { id: true } });
        const key = keyOf(args.uscc, args.periodEnd, args.periodType);
        if (!enterprise) throw new NotFoundError("FinancialStatement", key);
        return retireByKey(tx, ctx, {
          delegate: statements(tx),
          entityType: "FinancialStatement",
          key,
          where: { enterpriseId_periodEnd_periodType: { enterpriseId: enterprise.id, periodEnd: args.periodEnd, periodType: args.periodType } },
          expectedVersion: args.expectedVersion,
        });
      });
      return ctx.prisma.financialStatement.findUniqueOrThrow({ ...rereadQuery(query), where: { id: row.id } });
    },
  }),
}));
