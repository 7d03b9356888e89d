// Editing a risk rule at run time (FINANCE_BUREAU): names, severity, parameters, responsible
// agencies, deadlines, enabled. The rule's SQL and the resources it reads are code, not editable.
// Each change is in change_record with its reason, committed with the write and its audit entry.
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import type { Agency, Prisma } from "../generated/prisma/client.ts";
import { sharingOf } from "../access/policy/decide.ts";
import { MATRIX, type ResourceName } from "../access/policy/matrix.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { ConflictError, EXPECTED_VERSION_DOC, IDEMPOTENCY_KEY_DOC, NotFoundError, WRITE_ERRORS } from "../writes/errors.ts";
import { IssueCollector, text } from "../writes/rules.ts";
import { changeRow, diffRows } from "../writes/history.ts";
import { noteWritten } from "../writes/write-log.ts";
import { isRecordNotFound } from "../writes/db-errors.ts";
import { rereadQuery } from "../writes/reread.ts";
import { AlertSeverityEnum } from "./alert.enums.ts";
import { RiskRuleNode } from "./risk-rule.type.ts";
import { parseParameters, shapeIssues } from "./rule-parameters.ts";
import { ruleDefinition } from "./rules/catalogue.ts";

export const RiskRuleInput = builder.inputType("RiskRuleInput", {
  description: "The changes to a risk rule; fields left out keep their value.",
  fields: (t) => ({
    nameZh: t.string({ description: "Chinese name." }),
    nameEn: t.string({ description: "English name." }),
    legalSource: t.string({ description: "The rule or document its threshold comes from." }),
    severity: t.field({ type: AlertSeverityEnum, description: "Severity of the alerts it raises." }),
    parameters: t.string({ description: "The thresholds and windows, as a JSON object with the rule's keys." }),
    responsibleAgencies: t.field({ type: [AgencyEnum], description: "The agencies its alerts are assigned to (at least one)." }),
    enabled: t.boolean({ description: "Whether it is evaluated." }),
    ackWorkingDays: t.int({ description: "Working days to acknowledge (1–60)." }),
    disposeWorkingDays: t.int({ description: "Working days to dispose (1–250, not fewer than ackWorkingDays)." }),
  }),
});

type Input = typeof RiskRuleInput.$inferInput;

const inputSchema = z
  .object({
    nameZh: text(200).nullish(),
    nameEn: text(200).nullish(),
    legalSource: text(500).nullish(),
    severity: z.enum(["LOW", "MEDIUM", "HIGH", "CRITICAL"]).nullish(),
    parameters: z.string().nullish(),
    responsibleAgencies: z.array(z.string()).min(1, { message: "must name at least one agency" }).nullish(),
    enabled: z.boolean().nullish(),
    ackWorkingDays: z.number().int().min(1).max(60).nullish(),
    disposeWorkingDays: z.number().int().min(1).max(250).nullish(),
  })
  .strict();

async function updateRiskRule(ctx: GraphContext, tx: Tx, args: { code: string; input: Input; reason: string; expectedVersion?: number | null }) {
  const current = await tx.riskRule.findUnique({ where: { code: args.code } });
  if (!current) throw new NotFoundError("RiskRule", args.code);
  const issues = new IssueCollector();
  const input = issues.parse(inputSchema, args.input, ["input"]);
  const reason = issues.parse(text(2000), args.reason, ["reason"]);
  const data: Prisma.RiskRuleUpdateInput = {};
  if (input) {
    for (const k of ["nameZh", "nameEn", "legalSource", "severity", "enabled", "ackWorkingDays", "disposeWorkingDays"] as const) if (input[k] != null) (data as Record<string, unknown>)[k] = input[k];
    if (input.responsibleAgencies) {
      data.responsibleAgencies = [...new Set(input.responsibleAgencies)] as Prisma.RiskRuleUpdateInput["responsibleAgencies"];
      // An agency that may not read the rule's resources would be assigned alerts it cannot see.
      input.responsibleAgencies.forEach((agency, i) => {
        const closed = current.resources.filter((r) => !(r in MATRIX) || sharingOf(ctx.access.state, { agency: agency as Agency }, r as ResourceName) === "DENY");
        if (closed.length) issues.add(["input", "responsibleAgencies", i], "path", "path.riskRuleAgency", { agency, resources: closed.join(", ") });
      });
    }
    if (input.parameters != null) {
      const parsed = parseParameters(input.parameters, ["input", "parameters"]);
      if ("issue" in parsed) issues.issues.push(parsed.issue);
      else {
        // The shipped rule's own schema when it has one (its SQL reads exactly those), else the stored shape.
        const schema = ruleDefinition(current.code)?.parametersSchema;
        if (schema) issues.parse(schema, parsed.value, ["input", "parameters"]);
        else issues.issues.push(...shapeIssues(current.parameters, parsed.value, ["input", "parameters"]));
        data.parameters = parsed.value as Prisma.InputJsonValue;
      }
    }
    const ack = input.ackWorkingDays ?? current.ackWorkingDays;
    const dispose = input.disposeWorkingDays ?? current.disposeWorkingDays;
    if (dispose < ack) issues.add(["input", "disposeWorkingDays"], "range", "range.disposeDays", { ack });
  }
  issues.throwIfAny();
  if (args.expectedVersion != null && args.expectedVersion !== current.version) {
    throw new ConflictError({ key: "conflict.staleVersion", params: { entity: "RiskRule", key: args.code, current: current.version, expected: args.expectedVersion } }, current.version);
  }
  if (Object.keys(diffRows(current, { ...current, ...data } as Record<string, unknown>)).length === 0) return current;
  let row;
  try {
    row = await tx.riskRule.update({ where: { id: current.id, version: current.version }, data: { ...data, reportedAt: ctx.now, version: { increment: 1 } } });
  } catch (error) {
    if (isRecordNotFound(error)) throw new ConflictError({ key: "conflict.riskRule.changed", params: { code: args.code } }, current.version + 1);
    throw error;
  }
  const change = changeRow(ctx, { entityType: "RiskRule", entityId: row.id, entityKey: row.code, action: "UPDATE", before: current, after: row });
  if (change) {
    const withReason = { ...change, reason };
    await tx.changeRecord.create({ data: withReason });
    noteWritten(tx, [withReason]);
  }
  return row;
}

builder.mutationFields((t) => ({
  updateRiskRule: t.prismaField({
    type: RiskRuleNode,
    description: "Changes a risk rule (FINANCE_BUREAU 市金融局): names, severity, parameters (validated against the rule's), responsible agencies, deadlines, enabled. The reason is recorded with the change.",
    errors: { types: WRITE_ERRORS },
    args: {
      code: t.arg.string({ required: true, description: "The rule's code." }),
      input: t.arg({ type: RiskRuleInput, required: true, description: "The changes." }),
      reason: t.arg.string({ required: true, description: "Why the rule changes (kept in its change log)." }),
      expectedVersion: t.arg.int({ description: EXPECTED_VERSION_DOC }),
      idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DOC }),
    },
    resolve: async (query, _root, args, ctx) => {
      assertOwner(ctx, ["FINANCE_BUREAU"], { key: "records.riskRules" });
      const rule = await runWrite(ctx, { operation: "updateRiskRule", input: args, idempotencyKey: args.idempotencyKey }, (tx) => updateRiskRule(ctx, tx, args));
      return ctx.prisma.riskRule.findUniqueOrThrow({ ...rereadQuery(query), where: { id: rule.id } });
    },
  }),
}));
