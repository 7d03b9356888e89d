// Reporting a pilot county's 政银保 loans for a year and bank (owner FINANCE_BUREAU; a county
// government reports its own county's rows, as the plan makes the counties run their pilots).
import { z } from "zod";
import { localizedError } from "../i18n/index.ts";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { WRITE_ERRORS } from "../writes/errors.ts";
import { IssueCollector, money } from "../writes/rules.ts";
import { countyInputDoc, countyOf } from "../writes/county.ts";
import { today } from "../bonds/calendar.ts";
import { PilotLoanNode } from "./pilot-loan.type.ts";
import { institutionByCode } from "./references.ts";

/** The pilot began in 阳东区 in 2016 (plan 二(四)4). */
const FIRST_PILOT_YEAR = 2016;

const PilotLoanInput = builder.inputType("PilotLoanInput", {
  description: "One bank's pilot loans in a county and year, keyed by (county, year, bank): created if new, else updated.",
  fields: (t) => ({
    county: t.string({ required: true, description: countyInputDoc("The pilot county") + " A county government may name only its own." }),
    year: t.int({ required: true, description: `The year, from ${FIRST_PILOT_YEAR} (the pilot's first) to the current year.` }),
    bank: t.string({ required: true, description: "The lending bank's institution code; must be a bank." }),
    insurer: t.string({ required: true, description: "The insurer's institution code; must be an insurer." }),
    loanCount: t.int({ required: true, description: "Loans granted that year; at least 1." }),
    amount: t.field({ type: "Decimal", required: true, description: "Amount lent, yuan; more than zero." }),
    nonPerformingAmount: t.field({ type: "Decimal", required: true, description: "Non-performing at year end, yuan; not more than the amount." }),
    compensationPaid: t.field({ type: "Decimal", required: true, description: "Compensation paid, yuan; not more than the amount." }),
    expectedVersion: t.int({ description: "The version you read; when given, a different stored version is a conflict and nothing is written." }),
  }),
});

const schema = z.object({
  county: z.string(),
  year: z.number().int().min(FIRST_PILOT_YEAR, { message: `must be ${FIRST_PILOT_YEAR} or later (the pilot began in 2016)` }),
  bank: z.string(),
  insurer: z.string(),
  loanCount: z.number().int().min(1, { message: "must be at least 1" }),
  amount: money.refine((d) => d.gt(0), { message: "must be more than zero", params: { rule: "positive" } }),
  nonPerformingAmount: money,
  compensationPaid: money,
  expectedVersion: z.number().int().min(1, { message: "must be 1 or more" }).nullish(),
});

const pilots = (tx: Tx) => tx.pilotLoan as unknown as Delegate<VersionedRow>;

async function upsertPilotLoan(ctx: GraphContext, tx: Tx, input: typeof PilotLoanInput.$inferInput) {
  const issues = new IssueCollector();
  const data = issues.parse(schema, input, ["input"]);
  const county = await countyOf(tx, input.county, ["input", "county"], issues);
  // A county government writes its own county's rows only; saying so names no other county's data.
  if (county && ctx.principal.agency === "COUNTY" && county.code !== ctx.principal.countyCode) {
    throw localizedError("write.pilotLoanOwnCounty", {}, { code: "FORBIDDEN", resource: "debt.pilotLoans" });
  }
  const bank = await institutionByCode(tx, input.bank, ["input", "bank"], issues);
  const insurer = await institutionByCode(tx, input.insurer, ["input", "insurer"], issues, ["INSURER"], { key: "institutionKind.insurer" });
  if (input.year > today(ctx).getUTCFullYear()) issues.add(["input", "year"], "notFuture", "notFuture.year");
  for (const field of ["nonPerformingAmount", "compensationPaid"] as const) {
    if (input[field].gt(input.amount)) issues.add(["input", field], "notAboveAmount", "notAboveAmount");
  }
  issues.throwIfAny();
  const { expectedVersion, county: _c, bank: _b, insurer: _i, ...fields } = data!;
  const key = `${county!.code}/${fields.year}/${input.bank}`;
  const { row } = await upsertByKey(tx, ctx, {
    delegate: pilots(tx),
    entityType: "PilotLoan",
    key,
    where: { countyCode_year_bankId: { countyCode: county!.code, year: fields.year, bankId: bank!.id } },
    expectedVersion,
    data: { ...fields, countyCode: county!.code, bankId: bank!.id, insurerId: insurer!.id },
  });
  return row;
}

builder.mutationFields((t) => ({
  upsertPilotLoan: t.prismaField({
    type: PilotLoanNode,
    description: "Reports one bank's 政银保 pilot loans in a county and year, or corrects the report (FINANCE_BUREAU 市金融局, or the pilot county's government for its own county).",
    errors: { types: WRITE_ERRORS },
    args: {
      input: t.arg({ type: PilotLoanInput, required: true, description: "The pilot loans." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    // Who may call it is the policy's (MUTATION_WRITERS); which county, the resolver's.
    resolve: async (_query, _root, args, ctx) =>
      runWrite(ctx, { operation: "upsertPilotLoan", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertPilotLoan(ctx, tx, args.input)) as never,
  }),
}));
