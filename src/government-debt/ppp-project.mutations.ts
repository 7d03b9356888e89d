// Writes to PPP projects (owner: FISCAL), keyed by project number.
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { IssueCollector, date, money, text } from "../writes/rules.ts";
import { PppProjectNode } from "./ppp-project.type.ts";
import { PppStatusEnum } from "./government-debt.enums.ts";
import { writeResult } from "./graph-docs.ts";
import { countyInputDoc, countyOf } from "../writes/county.ts";

const PppProjectInput = builder.inputType("PppProjectInput", {
  description: "A PPP project, keyed by its project number (created if new, else updated). Amounts in yuan.",
  fields: (t) => ({
    projectNo: t.string({ required: true, description: "Project number (项目编号)." }),
    name: t.string({ required: true, description: "Project name (项目名称)." }),
    county: t.string({ required: true, description: countyInputDoc("Government level that signed it", true) }),
    partner: t.string({ description: "The private partner's unified social credit code; required from the execution stage on." }),
    totalInvestment: t.field({ type: "Decimal", required: true, description: "Total investment; more than zero." }),
    annualGovernmentPayment: t.field({ type: "Decimal", required: true, description: "The government's yearly payment obligation; zero for user-paid projects." }),
    startDate: t.field({ type: "Date", required: true, description: "Start of the contract term." }),
    termYears: t.int({ required: true, description: "Length of the term in years, 1–50." }),
    status: t.field({ type: PppStatusEnum, required: true, description: "Stage of the project." }),
    expectedVersion: t.int({ description: "The version you read; a different stored version is a conflict." }),
  }),
});

const pppSchema = z
  .object({
    projectNo: text(40),
    name: text(200),
    county: z.string(),
    partner: z.string().nullish(),
    totalInvestment: money.refine((d) => d.gt(0), { message: "must be more than zero", params: { rule: "positive" } }),
    annualGovernmentPayment: money,
    startDate: date,
    termYears: z.number().int().min(1, { message: "must be at least 1" }).max(50, { message: "must be at most 50 (PPP terms run 10–30 years)" }),
    status: z.enum(["PREPARATION", "PROCUREMENT", "EXECUTION", "HANDOVER"]),
    expectedVersion: z.number().int().min(1).nullish(),
  })
  .superRefine((p, c) => {
    if ((p.status === "EXECUTION" || p.status === "HANDOVER") && !p.partner) {
      c.addIssue({ code: "custom", path: ["partner"], message: "is required once the project is in execution", params: { rule: "required", key: "required.pppPartner" } });
    }
  });

const projects = (tx: Tx) => tx.pppProject as unknown as Delegate<VersionedRow>;

async function upsertProject(ctx: GraphContext, tx: Tx, input: typeof PppProjectInput.$inferInput) {
  const issues = new IssueCollector();
  const data = issues.parse(pppSchema, input, ["input"]);
  const [county, partner] = await Promise.all([
    countyOf(tx, input.county, ["input", "county"], issues, { city: true }),
    input.partner ? tx.enterprise.findUnique({ where: { uscc: input.partner }, select: { id: true, retiredAt: true } }) : null,
  ]);
  if (input.partner && !partner) issues.add(["input", "partner"], "exists", "exists.enterprise", { uscc: input.partner });
  else if (partner?.retiredAt) issues.add(["input", "partner"], "retired", "retired.enterprise", { uscc: String(input.partner) });
  issues.throwIfAny();
  const d = data!;
  const { row } = await upsertByKey(tx, ctx, {
    delegate: projects(tx),
    entityType: "PppProject",
    key: d.projectNo,
    where: { projectNo: d.projectNo },
    expectedVersion: d.expectedVersion,
    data: {
      projectNo: d.projectNo,
      name: d.name,
      countyCode: county!.code,
      partnerId: partner?.id ?? null,
      totalInvestment: d.totalInvestment,
      annualGovernmentPayment: d.annualGovernmentPayment,
      startDate: d.startDate,
      termYears: d.termYears,
      status: d.status,
    },
  });
  return row;
}

builder.mutationFields((t) => ({
  upsertPppProject: t.prismaField({
    type: PppProjectNode,
    description: "Records a PPP project or updates it (owner: FISCAL 市财政局).",
    errors: writeResult("the PPP project"),
    args: {
      input: t.arg({ type: PppProjectInput, required: true, description: "The PPP project, keyed by its project number." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["FISCAL"], { key: "records.pppProjects" });
      return runWrite(ctx, { operation: "upsertPppProject", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertProject(ctx, tx, args.input)) as never;
    },
  }),
}));
