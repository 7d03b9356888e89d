// Writes to enterprise credit evaluations (owner: PBOC, which collects them for credit reference).
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { IssueCollector, date, text, uscc as usccRule } from "../writes/rules.ts";
import { isValidUscc } from "../enterprise/uscc.ts";
import { chinaDay, isoDay } from "./calendar-day.ts";
import { CreditEvaluationNode } from "./credit-evaluation.type.ts";
import { writeResult } from "./write-result.ts";

const CreditEvaluationInput = builder.inputType("CreditEvaluationInput", {
  description: "A credit evaluation keyed by enterprise, evaluation date and evaluator (created if new, else corrected).",
  fields: (t) => ({
    uscc: t.string({ required: true, description: "The evaluated enterprise's unified social credit code." }),
    evaluatedOn: t.field({ type: "Date", required: true, description: "Date of the evaluation (评价日期); not in the future." }),
    evaluator: t.string({ required: true, description: "The rating body (评价机构)." }),
    grade: t.string({ required: true, description: "The grade: AAA, AA, A, BBB, BB, B, CCC, CC or C, optionally followed by + or −; or D." }),
    validUntil: t.field({ type: "Date", required: true, description: "Last day the grade is valid (有效期至), after the evaluation date." }),
    expectedVersion: t.int({ description: "The version you read; when given, a different stored version is a conflict and nothing is written." }),
  }),
});

const GRADE = /^(?:(?:AAA|AA|A|BBB|BB|B|CCC|CC|C)[+-]?|D)$/;

const evaluationSchema = z.object({
  uscc: usccRule,
  evaluatedOn: date,
  evaluator: text(200),
  grade: z.string().regex(GRADE, { message: "must be AAA … C (optionally with + or -), or D" }),
  validUntil: date,
  expectedVersion: z.number().int().min(1, { message: "must be 1 or more" }).nullish(),
});

type Input = typeof CreditEvaluationInput.$inferInput;
const evaluations = (tx: Tx) => tx.creditEvaluation as unknown as Delegate<VersionedRow>;

async function upsertEvaluation(ctx: GraphContext, tx: Tx, input: Input) {
  const issues = new IssueCollector();
  const data = issues.parse(evaluationSchema, input, ["input"]);
  if (input.evaluatedOn > chinaDay(ctx.businessNow)) issues.add(["input", "evaluatedOn"], "notFuture", "must not be in the future");
  if (input.validUntil <= input.evaluatedOn) issues.add(["input", "validUntil"], "dateOrder", "dateOrder.after", { earlier: "evaluatedOn" });
  const enterprise = isValidUscc(input.uscc) ? await tx.enterprise.findUnique({ where: { uscc: input.uscc }, select: { id: true } }) : null;
  if (!enterprise && isValidUscc(input.uscc)) issues.add(["input", "uscc"], "exists", "exists.enterprise", { uscc: input.uscc });
  issues.throwIfAny();
  const { uscc, evaluatedOn, evaluator, grade, validUntil, expectedVersion } = data!;
  const { row } = await upsertByKey(tx, ctx, {
    delegate: evaluations(tx),
    entityType: "CreditEvaluation",
    key: `${uscc}/${isoDay(evaluatedOn)}/${evaluator}`,
    where: { enterpriseId_evaluatedOn_evaluator: { enterpriseId: enterprise!.id, evaluatedOn, evaluator } },
    expectedVersion,
    data: { enterpriseId: enterprise!.id, evaluatedOn, evaluator, grade, validUntil },
  });
  return row;
}

builder.mutationFields((t) => ({
  upsertCreditEvaluation: t.prismaField({
    type: CreditEvaluationNode,
    description: "Records or corrects an enterprise's credit evaluation (owner: PBOC 人行阳江市中心支行).",
    errors: writeResult("credit evaluation"),
    args: {
      input: t.arg({ type: CreditEvaluationInput, required: true, description: "The evaluation." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["PBOC"], { key: "records.creditEvaluations" });
      return runWrite(ctx, { operation: "upsertCreditEvaluation", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertEvaluation(ctx, tx, args.input)) as never;
    },
  }),
}));
