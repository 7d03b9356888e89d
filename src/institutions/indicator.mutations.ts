// Quarterly indicator reports (监管指标报送). The owner depends on the institution: CBRC for banks,
// the insurance association for insurers, the finance bureau for the others.
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { Prisma, type Agency, type IndicatorKind, type InstitutionKind } from "../generated/prisma/client.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { IssueCollector, date } from "../writes/rules.ts";
import { IndicatorKindEnum } from "./institution.enums.ts";
import { IndicatorValueNode } from "./indicator-value.type.ts";
import { appliesTo, isQuarterEnd, reporterOf, valueRange } from "./indicator-rules.ts";
import { writeResult } from "./graph-docs.ts";

const REPORTERS: readonly Agency[] = ["CBRC", "FINANCE_BUREAU", "INSURANCE_ASSOC"];

const ReportedValueInput = builder.inputType("ReportedIndicatorInput", {
  description: "One indicator value of a report.",
  fields: (t) => ({
    indicator: t.field({ type: IndicatorKindEnum, required: true, description: "The indicator; it must be one the institution's kind reports." }),
    value: t.field({ type: "Decimal", required: true, description: "The value: a fraction 0–10 (0.04 = 4%), or for multiples a number 0–100." }),
    expectedVersion: t.int({ description: "The version of the stored value you read; a different stored version is a conflict." }),
  }),
});

const IndicatorReportInput = builder.inputType("IndicatorReportInput", {
  description: "An institution's indicator report for one quarter end (季度监管指标报送); each value is created or corrected.",
  fields: (t) => ({
    institutionCode: t.string({ required: true, description: "The reporting institution's code (机构编码)." }),
    periodEnd: t.field({ type: "Date", required: true, description: "The quarter end reported: 03-31, 06-30, 09-30 or 12-31, not in the future." }),
    values: t.field({ type: [ReportedValueInput], required: true, description: "The values reported, one per indicator." }),
  }),
});

const decimal = z.custom<Prisma.Decimal>((v) => Prisma.Decimal.isDecimal(v), { message: "must be a decimal number" });

const reportSchema = (now: Date) =>
  z.object({
    institutionCode: z.string(),
    periodEnd: date
      .refine(isQuarterEnd, { message: "must be a quarter end (03-31, 06-30, 09-30 or 12-31)", params: { rule: "quarterEnd", key: "quarterEnd.short" } })
      .refine((d) => d <= now, { message: "must not be in the future", params: { rule: "notFuture" } }),
    values: z
      .array(
        z
          .object({ indicator: z.string(), value: decimal, expectedVersion: z.number().int().min(1).nullish() })
          .superRefine((v, c) => {
            const [min, max] = valueRange(v.indicator as IndicatorKind);
            if (v.value.lt(min) || v.value.gt(max)) c.addIssue({ code: "custom", path: ["value"], message: `must be between ${min} and ${max}`, params: { rule: "range", min: String(min), max: String(max) } });
          }),
      )
      .min(1, { message: "must report at least one value" }),
  });

type ValueRow = VersionedRow & { institutionId: number };
/** A value's key in its history and in a conflict's message. */
export const indicatorKey = (institutionCode: string, periodEnd: Date, indicator: string) => `${institutionCode}/${periodEnd.toISOString().slice(0, 10)}/${indicator}`;
const valueRows = (tx: Tx) => tx.indicatorValue as unknown as Delegate<ValueRow>;

export type IndicatorReport = typeof IndicatorReportInput.$inferInput;

/**
 * The owner of an institution's indicators is decided by its kind; an unknown institution is still
 * refused to non-reporters (`kind` null). The mutation's rule, and the indicator sheet's.
 */
export const assertIndicatorReporter = (ctx: GraphContext, kind: InstitutionKind | null) =>
  assertOwner(ctx, kind ? [reporterOf(kind)] : REPORTERS, kind ? { key: "records.indicatorsOfKind", params: { kind } } : { key: "records.institutionIndicators" });

/** One report's write: validation, the values, their history (and notices); the sheet upload calls it per report. */
export async function report(ctx: GraphContext, tx: Tx, input: IndicatorReport) {
  const issues = new IssueCollector();
  const data = issues.parse(reportSchema(ctx.businessNow), input, ["input"]);
  const institution = await tx.institution.findUnique({ where: { code: input.institutionCode } });
  if (!institution) issues.add(["input", "institutionCode"], "exists", "exists.institutionHas", { code: input.institutionCode });
  else if (institution.retiredAt) issues.add(["input", "institutionCode"], "retired", "retired.institution", { code: institution.code });
  const seen = new Set<string>();
  input.values.forEach((v, i) => {
    if (seen.has(v.indicator)) issues.add(["input", "values", i, "indicator"], "unique", "unique.indicator", { indicator: v.indicator });
    seen.add(v.indicator);
    if (institution && !appliesTo(v.indicator, institution.kind)) {
      issues.add(["input", "values", i, "indicator"], "appliesToKind", "appliesToKind.indicator", { indicator: v.indicator, kind: institution.kind });
    }
  });
  issues.throwIfAny();
  const { periodEnd } = data!;
  // The report's stored values in one read, not one a value.
  const stored = new Map(
    ((await tx.indicatorValue.findMany({ where: { institutionId: institution!.id, periodEnd, indicator: { in: data!.values.map((v) => v.indicator as IndicatorKind) } } })) as unknown as (ValueRow & { indicator: string })[]).map((r) => [r.indicator, r]),
  );
  const written = [];
  for (const v of data!.values) {
    const indicator = v.indicator as IndicatorKind;
    written.push(
      await upsertByKey(tx, ctx, {
        delegate: valueRows(tx),
        entityType: "IndicatorValue",
        key: indicatorKey(institution!.code, periodEnd, indicator),
        where: { institutionId_periodEnd_indicator: { institutionId: institution!.id, periodEnd, indicator } },
        expectedVersion: v.expectedVersion,
        current: stored.get(indicator) ?? null,
        data: { institutionId: institution!.id, periodEnd, indicator, value: v.value, ownerAgency: reporterOf(institution!.kind) },
      }),
    );
  }
  return written;
}

builder.mutationFields((t) => ({
  reportIndicators: t.prismaField({
    type: [IndicatorValueNode],
    description:
      "Reports (or corrects) an institution's indicators for a quarter end. Owner: CBRC 阳江银监分局 for banks, INSURANCE_ASSOC 市保险行业协会 for insurers, FINANCE_BUREAU 市金融局 for securities, futures and local financial organizations.",
    errors: writeResult("the indicator values reported"),
    args: {
      input: t.arg({ type: IndicatorReportInput, required: true, description: "The report: institution, quarter end and values." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      // The institution's kind decides the owner; an unknown code is still refused to non-reporters.
      const institution = await ctx.prisma.institution.findUnique({ where: { code: args.input.institutionCode }, select: { kind: true } });
      assertIndicatorReporter(ctx, institution?.kind ?? null);
      return runWrite(ctx, { operation: "reportIndicators", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => report(ctx, tx, args.input).then((written) => written.map((w) => w.row))) as never;
    },
  }),
}));
