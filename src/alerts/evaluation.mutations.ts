// evaluateRiskRules: FINANCE_BUREAU runs the evaluation now (all enabled rules, or those named),
// instead of waiting for the next write or sweep. Audited as a write (runWrite): what it raised,
// changed and resolved commits with its audit entry, under the same rule locks as the worker's
// and the sweep's evaluations, so it never races them into a duplicate alert.
import { builder } from "../builder.ts";
import { cstDate } from "../bonds/calendar.ts";
import { keyedIssue, ValidationError, WRITE_ERRORS } from "../writes/errors.ts";
import { runWrite } from "../writes/write.ts";
import { evaluateAll } from "./sweep.ts";
import { ruleDefinition } from "./rules/catalogue.ts";
import type { EvaluationSummary } from "./evaluate.ts";

type RuleRun = EvaluationSummary["byRule"][number];

const RuleEvaluationType = builder.objectRef<RuleRun>("RuleEvaluation").implement({
  description: "What one rule's evaluation did.",
  fields: (t) => ({
    code: t.exposeString("code", { description: "The rule's code." }),
    raised: t.exposeInt("raised", { description: "Alerts raised (the condition newly holds)." }),
    changed: t.exposeInt("changed", { description: "Live alerts whose evidence changed." }),
    resolved: t.exposeInt("resolved", { description: "Alerts resolved by themselves (the condition no longer holds)." }),
    ms: t.exposeInt("ms", { description: "Milliseconds the rule's evaluation took." }),
  }),
});

const EvaluationSummaryType = builder.objectRef<EvaluationSummary & { businessDate: string }>("RuleEvaluationSummary").implement({
  description: "The result of an on-demand evaluation of risk rules.",
  fields: (t) => ({
    businessDate: t.field({ type: "Date", resolve: (s) => new Date(`${s.businessDate}T00:00:00Z`), description: "The business date evaluated (the platform's clock)." }),
    byRule: t.field({ type: [RuleEvaluationType], resolve: (s) => s.byRule, description: "Per rule evaluated, in rule order." }),
  }),
});

const iso = (d: Date) => d.toISOString().slice(0, 10);

builder.mutationFields((t) => ({
  evaluateRiskRules: t.field({
    type: EvaluationSummaryType,
    description:
      "Evaluates risk rules now (FINANCE_BUREAU 市金融局): every enabled rule, or the enabled rules `codes` names. Raises, updates and resolves alerts as a sweep does, and returns what each rule did.",
    errors: { types: WRITE_ERRORS },
    args: {
      codes: t.arg.stringList({ description: "Rule codes to evaluate (default: every enabled rule). Each must name an enabled rule." }),
    },
    resolve: async (_root, args, ctx) => {
      const codes = args.codes ? [...new Set(args.codes)] : undefined;
      const businessDate = iso(cstDate(ctx.businessNow));
      return runWrite(ctx, { operation: "evaluateRiskRules", input: args }, async (tx) => {
        if (codes) {
          const found = new Map((await tx.riskRule.findMany({ where: { code: { in: codes } }, select: { code: true, enabled: true } })).map((r) => [r.code, r.enabled]));
          const issues = codes.flatMap((code, i) => {
            const enabled = found.get(code);
            if (enabled === undefined) return [keyedIssue(["codes", i], "exists", "exists.riskRule", { code })];
            if (!enabled) return [keyedIssue(["codes", i], "enabled", "enabled.riskRule", { code })];
            if (!ruleDefinition(code)) return [keyedIssue(["codes", i], "shipped", "shipped.riskRule", { code })];
            return [];
          });
          if (issues.length) throw new ValidationError(issues);
        }
        return { businessDate, ...(await evaluateAll(tx, businessDate, codes)) };
      });
    },
  }),
}));
