// Writes to the financing-platform list (融资平台公司名单, owner: FISCAL), keyed by the platform
// enterprise's unified social credit code.
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { IssueCollector, text, uscc } from "../writes/rules.ts";
import { FinancingPlatformNode } from "./financing-platform.type.ts";
import { TransformationStatusEnum } from "./government-debt.enums.ts";
import { writeResult } from "./graph-docs.ts";
import { countyInputDoc, countyOf } from "../writes/county.ts";

const FinancingPlatformInput = builder.inputType("FinancingPlatformInput", {
  description: "A financing platform, keyed by its enterprise's unified social credit code (created if new, else updated).",
  fields: (t) => ({
    uscc: t.string({ required: true, description: "The platform enterprise's unified social credit code; the enterprise must be registered." }),
    county: t.string({ required: true, description: countyInputDoc("Government level it belongs to (a county platform: the county it is registered in)", true) }),
    supervisingDepartment: t.string({ required: true, description: "Supervising department (主管部门)." }),
    transformationStatus: t.field({ type: TransformationStatusEnum, required: true, description: "Market-oriented transformation status (市场化转型进展)." }),
    transformationNote: t.string({ description: "How the transformation goes (转型情况说明)." }),
    expectedVersion: t.int({ description: "The version you read; a different stored version is a conflict." }),
  }),
});

const platformSchema = z.object({
  uscc,
  county: z.string(),
  supervisingDepartment: text(200),
  transformationStatus: z.enum(["NOT_STARTED", "IN_PROGRESS", "TRANSFORMED", "EXITED"]),
  transformationNote: text(1000).nullish(),
  expectedVersion: z.number().int().min(1).nullish(),
});

const platforms = (tx: Tx) => tx.financingPlatform as unknown as Delegate<VersionedRow>;

async function upsertPlatform(ctx: GraphContext, tx: Tx, input: typeof FinancingPlatformInput.$inferInput) {
  const issues = new IssueCollector();
  const data = issues.parse(platformSchema, input, ["input"]);
  const [enterprise, county] = await Promise.all([
    tx.enterprise.findUnique({ where: { uscc: input.uscc }, select: { id: true, countyCode: true, retiredAt: true } }),
    countyOf(tx, input.county, ["input", "county"], issues, { city: true }),
  ]);
  if (!enterprise) issues.add(["input", "uscc"], "exists", "exists.enterprise", { uscc: input.uscc });
  else if (enterprise.retiredAt) issues.add(["input", "uscc"], "retired", "retired.enterprise", { uscc: input.uscc });
  // A county platform registers in its county; a city platform may register anywhere (they sit in 江城区).
  if (county && enterprise && !county.isCity && enterprise.countyCode !== county.code) {
    issues.add(["input", "county"], "sameCounty", "sameCounty", { registered: enterprise.countyCode, county: county.code });
  }
  issues.throwIfAny();
  const d = data!;
  const { row } = await upsertByKey(tx, ctx, {
    delegate: platforms(tx),
    entityType: "FinancingPlatform",
    key: d.uscc,
    where: { enterpriseId: enterprise!.id },
    expectedVersion: d.expectedVersion,
    data: {
      enterpriseId: enterprise!.id,
      countyCode: county!.code,
      supervisingDepartment: d.supervisingDepartment,
      transformationStatus: d.transformationStatus,
      transformationNote: d.transformationNote ?? null,
    },
  });
  return row;
}

builder.mutationFields((t) => ({
  upsertFinancingPlatform: t.prismaField({
    type: FinancingPlatformNode,
    description: "Lists an enterprise as a financing platform or updates its record, e.g. its transformation status (owner: FISCAL 市财政局).",
    errors: writeResult("the financing platform"),
    args: {
      input: t.arg({ type: FinancingPlatformInput, required: true, description: "The platform record, keyed by its enterprise USCC." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["FISCAL"], { key: "records.financingPlatforms" });
      return runWrite(ctx, { operation: "upsertFinancingPlatform", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertPlatform(ctx, tx, args.input)) as never;
    },
  }),
}));
