// The evaluator: each rule's SQL (rules/) gives the subjects its condition holds for now; one
// statement per rule then raises alerts for new (subject, period)s, updates evidence that changed,
// auto-resolves live alerts no longer found, and writes their alert_event rows (the trigger on
// alert_event puts each in the delivery outbox, in the caller's transaction). Nothing is loaded
// into JavaScript but the counts. The caller owns the transaction: the runner claims alert_dirty
// rows and evaluates in the same one, so a crash loses nothing and repeats nothing.
import { Prisma, type RiskRule } from "../generated/prisma/client.ts";
import { addWorkingDays } from "../access/working-days.ts";
import { ruleDefinition, SHIPPED_RULES } from "./rules/catalogue.ts";
import { sqlArray, type RuleDefinition } from "./rules/rule.ts";

type Tx = Prisma.TransactionClient;

export interface EvaluationSummary {
  byRule: { code: string; raised: number; changed: number; resolved: number; ms: number }[];
}

export interface EvaluationRequest {
  /** risk_rule rows (the enabled ones); a row whose code has no shipped SQL is an error */
  rules: readonly RiskRule[];
  /** the business date, 'YYYY-MM-DD' (src/clock.ts) */
  businessDate: string;
  /** incremental: the subjects to re-evaluate per rule code (rules absent: not evaluated); absent: a sweep */
  subjects?: Map<string, number[]>;
}

export class RuleEvaluationError extends Error {}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The date `days` working days after the business date, 'YYYY-MM-DD'. */
function dueOn(businessDate: string, days: number): string {
  return addWorkingDays(new Date(`${businessDate}T00:00:00Z`), days).toISOString().slice(0, 10);
}

/** The rule's stored parameters, validated by its schema: a bad edit names the rule and the field. */
function parametersOf(def: RuleDefinition, rule: RiskRule): Record<string, unknown> {
  const parsed = def.parametersSchema.safeParse(rule.parameters);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RuleEvaluationError(`risk rule ${rule.code}: parameters.${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

/** The one statement that reconciles a rule's alerts with its candidates. */
export function reconcileSql(rule: RiskRule, candidates: Prisma.Sql, subjects: number[] | null, businessDate: string): Prisma.Sql {
  const inScope = (col: Prisma.Sql) => (subjects === null ? Prisma.sql`true` : Prisma.sql`${col} = ANY(${sqlArray(subjects, "int")})`);
  return Prisma.sql`
    WITH cand AS (
      SELECT DISTINCT ON (c.subject_id, c.period) c.subject_id, c.subject_key, c.subject_name, c.county_code, c.period, c.evidence
      FROM (${candidates}) c
      WHERE ${inScope(Prisma.sql`c.subject_id`)}
      ORDER BY c.subject_id, c.period
    ),
    live AS (
      SELECT a.id, a.subject_id, a.period, a.status, a.evidence FROM alert a
      WHERE a.rule_id = ${rule.id} AND a.live AND ${inScope(Prisma.sql`a.subject_id`)}
    ),
    ins AS (
      INSERT INTO alert (rule_id, subject_type, subject_id, subject_key, subject_name, county_code, period, status, severity,
                         evidence, live, assigned_agencies, raised_on, ack_due_on, dispose_due_on, updated_at)
      SELECT ${rule.id}, ${rule.subjectType}, c.subject_id, c.subject_key, c.subject_name, c.county_code, c.period, 'OPEN', ${rule.severity}::"AlertSeverity",
             c.evidence, true, ${sqlArray(rule.responsibleAgencies, "text")}::"Agency"[], ${businessDate}::date,
             ${dueOn(businessDate, rule.ackWorkingDays)}::date, ${dueOn(businessDate, rule.disposeWorkingDays)}::date, now()
      FROM cand c
      WHERE NOT EXISTS (SELECT 1 FROM live l WHERE l.subject_id = c.subject_id AND l.period = c.period)
        -- closed by an agency (resolved with a reason, or dismissed): not raised again in that period
        AND NOT EXISTS (SELECT 1 FROM alert x WHERE x.rule_id = ${rule.id} AND x.subject_type = ${rule.subjectType}
                          AND x.subject_id = c.subject_id AND x.period = c.period AND x.live IS NULL AND NOT x.auto_resolved)
      ORDER BY c.subject_id, c.period
      -- another process evaluating the same subject at the same time already raised it
      ON CONFLICT (rule_id, subject_type, subject_id, period, live) DO NOTHING
      RETURNING id
    ),
    upd AS (
      UPDATE alert a SET evidence = c.evidence, subject_name = c.subject_name, county_code = c.county_code, updated_at = now(), version = a.version + 1
      FROM live l JOIN cand c ON c.subject_id = l.subject_id AND c.period = l.period
      -- a.live again: when another transaction closed it meanwhile, PostgreSQL re-checks the row it waited for
      WHERE a.id = l.id AND a.live AND l.evidence IS DISTINCT FROM c.evidence
      RETURNING a.id, a.status
    ),
    res AS (
      UPDATE alert a SET status = 'RESOLVED', auto_resolved = true, live = NULL, closed_at = now(), updated_at = now(), version = a.version + 1
      FROM live l
      WHERE a.id = l.id AND a.live AND NOT EXISTS (SELECT 1 FROM cand c WHERE c.subject_id = l.subject_id AND c.period = l.period)
      RETURNING a.id, l.status AS from_status
    ),
    ev AS (
      INSERT INTO alert_event (alert_id, kind, from_status, to_status)
      SELECT id, kind::"AlertEventKind", from_status::"AlertStatus", to_status::"AlertStatus" FROM (
        SELECT id, 'RAISED' AS kind, NULL::text AS from_status, 'OPEN' AS to_status FROM ins
        UNION ALL SELECT id, 'EVIDENCE_CHANGED', status::text, status::text FROM upd
        UNION ALL SELECT id, 'AUTO_RESOLVED', from_status::text, 'RESOLVED' FROM res
      ) e ORDER BY id
      RETURNING 1
    )
    SELECT (SELECT count(*)::int FROM ins) AS raised, (SELECT count(*)::int FROM upd) AS changed,
           (SELECT count(*)::int FROM res) AS resolved, (SELECT count(*)::int FROM ev) AS events`;
}

/**
 * Evaluates `rules` on the business date: all their subjects (a sweep), or only the given ones.
 * Raises, updates evidence, auto-resolves; writes the alert_event rows. Runs in the caller's transaction.
 */
export async function evaluateRules(tx: Tx, { rules, businessDate, subjects }: EvaluationRequest): Promise<EvaluationSummary> {
  if (!DATE.test(businessDate)) throw new RuleEvaluationError(`businessDate: expected YYYY-MM-DD, got "${businessDate}"`);
  const byRule: EvaluationSummary["byRule"] = [];
  // The planner prices the rules' recursive and lateral reads far above jit_above_cost and
  // compiles them with LLVM first (measured on the leverage rule at scale 1: 1.4 s of JIT for
  // 76 ms of execution; see src/db/without-jit.ts). The caller's transaction keeps it off until
  // it ends; PGlite has no JIT and accepts the setting.
  if (rules.length) await tx.$executeRawUnsafe("SET LOCAL jit = off");
  for (const rule of rules) {
    const def = ruleDefinition(rule.code);
    if (!def) throw new RuleEvaluationError(`risk rule ${rule.code}: no shipped SQL has this code (the catalogue: ${SHIPPED_RULES.map((r) => r.code).join(", ")})`);
    let scope: number[] | null = null;
    if (subjects) {
      const ids = subjects.get(rule.code);
      if (!ids?.length) continue;
      scope = [...new Set(ids)];
    }
    const started = performance.now();
    const params = parametersOf(def, rule);
    const candidates = def.candidates({ params, businessDate, subjects: scope });
    const [counts] = await tx.$queryRaw<{ raised: number; changed: number; resolved: number }[]>(reconcileSql(rule, candidates, scope, businessDate));
    // A sweep is what "last evaluated" means: an incremental pass saw only some subjects.
    if (scope === null) await tx.$executeRaw`UPDATE risk_rule SET last_evaluated_at = now() WHERE id = ${rule.id}`;
    byRule.push({
      code: rule.code,
      raised: Number(counts?.raised ?? 0),
      changed: Number(counts?.changed ?? 0),
      resolved: Number(counts?.resolved ?? 0),
      ms: Math.round(performance.now() - started),
    });
  }
  return { byRule };
}

/**
 * The subjects of enabled WRITE rules that the touched rows affect, per rule code: one statement
 * mapping each watched table's rows to subjects through the rule's mappers. A row that no longer
 * exists (deleted) maps to nothing; the next sweep settles its alerts.
 */
export async function subjectsOfDirty(tx: Tx, rows: readonly { tableName: string; rowId: number }[]): Promise<Map<string, number[]>> {
  const result = new Map<string, number[]>();
  if (rows.length === 0) return result;
  const byTable = new Map<string, number[]>();
  for (const r of rows) byTable.set(r.tableName, [...(byTable.get(r.tableName) ?? []), r.rowId]);
  const enabled = await tx.riskRule.findMany({ where: { enabled: true, triggers: { has: "WRITE" } }, select: { code: true } });
  const parts: Prisma.Sql[] = [];
  for (const { code } of enabled) {
    const def = ruleDefinition(code);
    if (!def) continue;
    for (const [table, ids] of byTable) {
      const mapper = def.dirty[table];
      if (!def.watches.includes(table) || !mapper) continue;
      parts.push(Prisma.sql`SELECT ${code}::text AS code, m.subject_id::int AS subject_id FROM (${mapper(sqlArray(ids, "int"))}) m`);
    }
  }
  if (parts.length === 0) return result;
  const found = await tx.$queryRaw<{ code: string; subject_id: number }[]>(
    Prisma.sql`SELECT DISTINCT code, subject_id FROM (${Prisma.join(parts, " UNION ALL ")}) s WHERE subject_id IS NOT NULL ORDER BY code, subject_id`,
  );
  for (const f of found) result.set(f.code, [...(result.get(f.code) ?? []), Number(f.subject_id)]);
  return result;
}
