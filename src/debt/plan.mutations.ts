// Writes to one-enterprise-one-policy deleveraging plans (owner: CBRC).
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { retireByKey, upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { IssueCollector, date, ratio, text, uscc } from "../writes/rules.ts";
import { checkUscc } from "../enterprise/uscc.ts";
import { DeleveragingPlanNode, PlanStatusEnum } from "./plan.type.ts";
import { enterprisesByUscc, institutionsByCode } from "./references.ts";
import { documentNo, expectedVersion, strictlyAfter } from "./write-rules.ts";
import { writeErrors } from "./graph-docs.ts";

const DeleveragingPlanInput = builder.inputType("DeleveragingPlanInput", {
  description: "A one-enterprise-one-policy deleveraging plan (一企一策), keyed by its plan number (created if new, else updated).",
  fields: (t) => ({
    planNo: t.string({ required: true, description: "Plan number (方案编号), e.g. YQYC-2026-001." }),
    enterprise: t.string({ required: true, description: "The enterprise's unified social credit code." }),
    leadInstitution: t.string({ required: true, description: "The lead bank's institution code (牵头银行)." }),
    adoptedOn: t.field({ type: "Date", required: true, description: "When the plan was adopted." }),
    targetDate: t.field({ type: "Date", required: true, description: "When the target should be reached; after adoptedOn." }),
    targetLiabilityRatio: t.field({ type: "Decimal", required: true, description: "Target asset-liability ratio, a fraction from 0 to 1 (0.65 = 65%)." }),
    measures: t.string({ required: true, description: "The agreed measures (降杠杆措施)." }),
    status: t.field({ type: PlanStatusEnum, required: true, description: "Where the plan stands." }),
    expectedVersion: t.int({ description: "The version you read; when given, a different stored version is a conflict and nothing is written." }),
  }),
});

const planSchema = z
  .object({
    planNo: documentNo,
    enterprise: uscc,
    leadInstitution: z.string().min(1, { message: "must not be empty" }),
    adoptedOn: date,
    targetDate: date,
    targetLiabilityRatio: ratio(0, 1),
    measures: text(2000),
    status: z.enum(["DRAFT", "ACTIVE", "COMPLETED", "ABANDONED"]),
    expectedVersion,
  })
  .superRefine(strictlyAfter("adoptedOn", "targetDate"));

type PlanRecord = VersionedRow & { planNo: string };
const plans = (tx: Tx) => tx.deleveragingPlan as unknown as Delegate<PlanRecord>;

async function upsertPlan(ctx: GraphContext, tx: Tx, input: typeof DeleveragingPlanInput.$inferInput) {
  const issues = new IssueCollector();
  const data = issues.parse(planSchema, input, ["input"]);
  const [enterprises, institutions] = await Promise.all([enterprisesByUscc(tx, [input.enterprise]), institutionsByCode(tx, [input.leadInstitution])]);
  const enterprise = enterprises.get(input.enterprise);
  const lead = institutions.get(input.leadInstitution);
  if (checkUscc(input.enterprise) === null && !enterprise) issues.add(["input", "enterprise"], "exists", "exists.enterprise", { uscc: input.enterprise });
  if (!lead) issues.add(["input", "leadInstitution"], "exists", "exists.institution", { code: input.leadInstitution });
  issues.throwIfAny();
  const { planNo, enterprise: _uscc, leadInstitution: _code, expectedVersion: version, ...fields } = data!;
  const { row } = await upsertByKey(tx, ctx, {
    delegate: plans(tx),
    entityType: "DeleveragingPlan",
    key: planNo,
    where: { planNo },
    expectedVersion: version,
    data: { planNo, enterpriseId: enterprise!.id, leadInstitutionId: lead!.id, ...fields },
  });
  return row;
}

builder.mutationFields((t) => ({
  upsertDeleveragingPlan: t.prismaField({
    type: DeleveragingPlanNode,
    description: "Records a deleveraging plan (一企一策) or updates it by plan number (owner: CBRC 阳江银监分局).",
    errors: writeErrors("the plan as stored"),
    args: {
      input: t.arg({ type: DeleveragingPlanInput, required: true, description: "The plan." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["CBRC"], { key: "records.deleveragingPlans" });
      return runWrite(ctx, { operation: "upsertDeleveragingPlan", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertPlan(ctx, tx, args.input)) as never;
    },
  }),
  retireDeleveragingPlan: t.prismaField({
    type: DeleveragingPlanNode,
    description: "Retires a deleveraging plan recorded in error: it stays readable with retiredAt set (owner: CBRC).",
    errors: writeErrors("the retired plan"),
    args: {
      planNo: t.arg.string({ required: true, description: "The plan number." }),
      expectedVersion: t.arg.int({ description: "The version you read; a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["CBRC"], { key: "records.deleveragingPlans" });
      return runWrite(ctx, { operation: "retireDeleveragingPlan", input: args, idempotencyKey: args.idempotencyKey }, (tx) =>
        retireByKey(tx, ctx, { delegate: plans(tx), entityType: "DeleveragingPlan", key: args.planNo, where: { planNo: args.planNo }, expectedVersion: args.expectedVersion }),
      ) as never;
    },
  }),
}));
