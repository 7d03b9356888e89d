// Editing watch lines (FINANCE_BUREAU). A line is keyed by indicator, institution kinds and start
// date. A dated line (the national NPL average changes every year) is replaced by adding a row
// with a later start: the previous open row of the same key is closed the day before, in the same
// transaction, so exactly one line is in force on any day.
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { Prisma, type IndicatorKind, type InstitutionKind, type WatchLine } from "../generated/prisma/client.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { IssueCollector, date, text } from "../writes/rules.ts";
import { ComparatorEnum, IndicatorKindEnum, InstitutionKindEnum } from "./institution.enums.ts";
import { WatchLineNode } from "./watch-line.type.ts";
import { INDICATORS_BY_KIND, appliesTo, valueRange } from "./indicator-rules.ts";
import { writeResult } from "./graph-docs.ts";

const WatchLineInput = builder.inputType("WatchLineInput", {
  description: "A watch line, keyed by indicator, institution kinds and effectiveFrom (created if new, else updated).",
  fields: (t) => ({
    indicator: t.field({ type: IndicatorKindEnum, required: true, description: "The indicator judged." }),
    institutionKinds: t.field({ type: [InstitutionKindEnum], required: true, description: "Kinds it applies to; each must report the indicator. Empty only for the enterprise asset-liability line." }),
    comparator: t.field({ type: ComparatorEnum, required: true, description: "Which side of the threshold is sound." }),
    threshold: t.field({ type: "Decimal", required: true, description: "Threshold: a fraction 0–10, or for multiples a number 0–100." }),
    effectiveFrom: t.field({ type: "Date", required: true, description: "First day in force." }),
    effectiveTo: t.field({ type: "Date", description: "Last day in force, after effectiveFrom; empty for open-ended." }),
    legalSource: t.string({ required: true, description: "The rule or document that sets the line (依据); required." }),
    note: t.string({ description: "A remark." }),
    expectedVersion: t.int({ description: "The version you read; a different stored version is a conflict." }),
  }),
});

const KIND_ORDER = Object.keys(INDICATORS_BY_KIND) as InstitutionKind[];
const sameKinds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((k) => b.includes(k));
const overlapsKinds = (a: readonly string[], b: readonly string[]) => (a.length === 0 && b.length === 0) || a.some((k) => b.includes(k));
const DAY_MS = 86_400_000;

const lineSchema = z
  .object({
    indicator: z.string(),
    institutionKinds: z.array(z.string()),
    comparator: z.enum(["AT_LEAST", "AT_MOST", "BELOW"]),
    threshold: z.custom<Prisma.Decimal>((v) => Prisma.Decimal.isDecimal(v), { message: "must be a decimal number" }),
    effectiveFrom: date,
    effectiveTo: date.nullish(),
    legalSource: text(2000),
    note: text(500).nullish(),
    expectedVersion: z.number().int().min(1).nullish(),
  })
  .superRefine((l, c) => {
    const [min, max] = valueRange(l.indicator as IndicatorKind);
    if (l.threshold.lt(min) || l.threshold.gt(max)) c.addIssue({ code: "custom", path: ["threshold"], message: `must be between ${min} and ${max}`, params: { rule: "range", min: String(min), max: String(max) } });
    if (l.effectiveTo && l.effectiveTo <= l.effectiveFrom) c.addIssue({ code: "custom", path: ["effectiveTo"], message: "must be after effectiveFrom", params: { rule: "dateOrder", key: "dateOrder.after", earlier: "effectiveFrom" } });
    const enterpriseLine = l.indicator === "ENTERPRISE_ASSET_LIABILITY_RATIO";
    if (enterpriseLine && l.institutionKinds.length) c.addIssue({ code: "custom", path: ["institutionKinds"], message: "must be empty: the line judges enterprises", params: { rule: "empty", key: "empty.watchLineKinds" } });
    if (!enterpriseLine && !l.institutionKinds.length) c.addIssue({ code: "custom", path: ["institutionKinds"], message: "must name at least one kind", params: { rule: "required", key: "required.watchLineKinds" } });
    l.institutionKinds.forEach((k, i) => {
      if (!enterpriseLine && !appliesTo(l.indicator as IndicatorKind, k as InstitutionKind)) {
        c.addIssue({ code: "custom", path: ["institutionKinds", i], message: `${k} institutions do not report ${l.indicator}`, params: { rule: "appliesToKind", key: "appliesToKind.watchLine", kind: k, indicator: l.indicator } });
      }
    });
  });

type LineRow = VersionedRow & WatchLine;
const lines = (tx: Tx) => tx.watchLine as unknown as Delegate<LineRow>;
const iso = (d: Date) => d.toISOString().slice(0, 10);

async function upsertLine(ctx: GraphContext, tx: Tx, input: unknown) {
  const issues = new IssueCollector();
  const data = issues.parse(lineSchema, input, ["input"]);
  issues.throwIfAny();
  const l = data!;
  const kinds = KIND_ORDER.filter((k) => l.institutionKinds.includes(k));
  const key = `${l.indicator}/${kinds.join("+") || "ENTERPRISE"}/${iso(l.effectiveFrom)}`;
  const siblings = (await tx.watchLine.findMany({ where: { indicator: l.indicator as IndicatorKind } })).filter((s) => overlapsKinds(s.institutionKinds, kinds));
  const self = siblings.find((s) => sameKinds(s.institutionKinds, kinds) && s.effectiveFrom.getTime() === l.effectiveFrom.getTime());
  // The open row this one succeeds: same kinds, started earlier, no end yet.
  const previous = siblings.find((s) => s !== self && sameKinds(s.institutionKinds, kinds) && s.effectiveTo === null && s.effectiveFrom < l.effectiveFrom);
  const end = l.effectiveTo?.getTime() ?? Infinity;
  siblings
    .filter((s) => s !== self && s !== previous)
    .filter((s) => s.effectiveFrom.getTime() <= end && (s.effectiveTo?.getTime() ?? Infinity) >= l.effectiveFrom.getTime())
    .forEach((s) =>
      issues.add(["input", "effectiveFrom"], "overlap", "overlap.watchLine", {
        from: iso(s.effectiveFrom),
        to: s.effectiveTo ? iso(s.effectiveTo) : { key: "overlap.open" },
        kinds: s.institutionKinds.join(", ") || { key: "overlap.enterprises" },
      }),
    );
  issues.throwIfAny();
  if (previous) {
    await upsertByKey(tx, ctx, {
      delegate: lines(tx),
      entityType: "WatchLine",
      key: `${l.indicator}/${kinds.join("+") || "ENTERPRISE"}/${iso(previous.effectiveFrom)}`,
      where: { id: previous.id },
      expectedVersion: previous.version,
      data: { effectiveTo: new Date(l.effectiveFrom.getTime() - DAY_MS) },
    });
  }
  const { row } = await upsertByKey(tx, ctx, {
    delegate: lines(tx),
    entityType: "WatchLine",
    key,
    where: { id: self?.id ?? 0 },
    expectedVersion: l.expectedVersion,
    data: {
      indicator: l.indicator,
      institutionKinds: kinds,
      comparator: l.comparator,
      threshold: l.threshold,
      effectiveFrom: l.effectiveFrom,
      effectiveTo: l.effectiveTo ?? null,
      legalSource: l.legalSource,
      note: l.note ?? null,
    },
  });
  return row;
}

builder.mutationFields((t) => ({
  upsertWatchLine: t.prismaField({
    type: WatchLineNode,
    description:
      "Adds or edits a watch line (owner: FINANCE_BUREAU 市金融局). A new row with a later effectiveFrom closes the previous open row of the same indicator and kinds the day before.",
    errors: writeResult("the watch line"),
    args: {
      input: t.arg({ type: WatchLineInput, required: true, description: "The watch line, keyed by indicator, kinds and start date." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["FINANCE_BUREAU"], { key: "records.watchLines" });
      return runWrite(ctx, { operation: "upsertWatchLine", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertLine(ctx, tx, args.input)) as never;
    },
  }),
}));
