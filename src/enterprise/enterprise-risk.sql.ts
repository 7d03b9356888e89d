// The enterprise risk conditions of seed 二(一)4 and 二(三)1 (debt ratio over 70%, short loans
// used long, heavy private lending, mutual guarantees and guarantee circles, many lending banks,
// lending to related enterprises), decided in the database. Each filter node with risk conditions
// becomes one boolean column of a single statement over the enterprises the caller may see; the
// list's Prisma `where` then keeps the ids each node matched. One statement per request whatever
// the page size or the number of nodes (a top-level filter and its `anyOf` alternatives).
//
// The definitions match the Enterprise fields a reader can check them against:
// - the latest statement is the latest annual one not retired (Enterprise.latestStatement);
// - the debt ratio is total liabilities ÷ total assets rounded to 6 places, none without assets
//   (Enterprise.assetLiabilityRatio), judged against the enterprise watch line in force at the
//   statement's period end (watch_line rows with no institution kinds, as watchLineFor picks:
//   the earliest-starting one);
// - short loans used long: short-term borrowings exceed current assets (Enterprise.shortLoansUsedLong);
// - guarantee circles use the same edges and the same 8-member bound as Enterprise.inGuaranteeCircle
//   (a county sees only guarantees with a party in its county).
import { Prisma } from "../generated/prisma/client.ts";
import { edgesSql, MAX_CIRCLE_LENGTH } from "../debt/guarantee-circles.sql.ts";

/** The risk conditions of one filter node (all given ones must hold). */
export interface RiskConditions {
  debtRatioAbove?: Prisma.Decimal | null;
  aboveDebtRatioWatchLine?: boolean | null;
  shortLoansUsedLong?: boolean | null;
  privateLendingShareAbove?: Prisma.Decimal | null;
  inGuaranteeCircle?: boolean | null;
  inMutualGuarantee?: boolean | null;
  lendingBanksAtLeast?: number | null;
  relatedPartyLending?: boolean | null;
}

export const RISK_KEYS = [
  "debtRatioAbove",
  "aboveDebtRatioWatchLine",
  "shortLoansUsedLong",
  "privateLendingShareAbove",
  "inGuaranteeCircle",
  "inMutualGuarantee",
  "lendingBanksAtLeast",
  "relatedPartyLending",
] as const satisfies ReadonlyArray<keyof RiskConditions>;

export const hasRisk = (c: RiskConditions | null | undefined): boolean => !!c && RISK_KEYS.some((k) => c[k] !== null && c[k] !== undefined);

/** Live credit: a loan not retired with something still owed. */
const LIVE_LOAN = (alias: string) => Prisma.raw(`${alias}.retired_at IS NULL AND ${alias}.balance > 0`);

const ratio = Prisma.sql`(CASE WHEN ls.total_assets > 0 THEN round(ls.total_liabilities / ls.total_assets, 6) END)`;

const crossesLine = Prisma.sql`(CASE wl.comparator
    WHEN 'AT_MOST' THEN ${ratio} > wl.threshold
    WHEN 'AT_LEAST' THEN ${ratio} < wl.threshold
    WHEN 'BELOW' THEN ${ratio} >= wl.threshold END)`;

/** `true`/`false` for a computed boolean that may be unknown (no statement): unknown matches neither. */
const is = (expr: Prisma.Sql, wanted: boolean) => (wanted ? Prisma.sql`(${expr}) IS TRUE` : Prisma.sql`(${expr}) IS FALSE`);

function conditionSql(c: RiskConditions, county: string | null): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (c.debtRatioAbove != null) parts.push(Prisma.sql`${ratio} > ${c.debtRatioAbove.toString()}::numeric`);
  if (c.aboveDebtRatioWatchLine != null) parts.push(is(crossesLine, c.aboveDebtRatioWatchLine));
  if (c.shortLoansUsedLong != null) parts.push(is(Prisma.sql`ls.short_term_borrowings > ls.current_assets`, c.shortLoansUsedLong));
  if (c.privateLendingShareAbove != null)
    parts.push(Prisma.sql`(CASE WHEN ls.total_liabilities > 0 THEN ls.private_lending / ls.total_liabilities END) > ${c.privateLendingShareAbove.toString()}::numeric`);
  if (c.inGuaranteeCircle != null) parts.push(Prisma.sql`${c.inGuaranteeCircle ? Prisma.empty : Prisma.sql`NOT`} EXISTS (SELECT 1 FROM circle_member cm WHERE cm.id = e.id)`);
  if (c.inMutualGuarantee != null)
    parts.push(Prisma.sql`${c.inMutualGuarantee ? Prisma.empty : Prisma.sql`NOT`} EXISTS (SELECT 1 FROM edge x JOIN edge y ON y.a = x.b AND y.b = x.a WHERE x.a = e.id)`);
  if (c.lendingBanksAtLeast != null)
    parts.push(Prisma.sql`(SELECT count(DISTINCT l.lender_id) FROM loan l WHERE l.borrower_id = e.id AND ${LIVE_LOAN("l")}) >= ${c.lendingBanksAtLeast}`);
  if (c.relatedPartyLending != null) {
    const inCounty = county === null ? Prisma.empty : Prisma.sql`AND r.county_code = ${county}`;
    parts.push(Prisma.sql`${c.relatedPartyLending ? Prisma.empty : Prisma.sql`NOT`} (e.legal_representative_id IS NOT NULL AND EXISTS (
      SELECT 1 FROM loan l
      JOIN loan l2 ON l2.lender_id = l.lender_id AND l2.borrower_id <> l.borrower_id AND ${LIVE_LOAN("l2")}
      JOIN enterprise r ON r.id = l2.borrower_id AND r.legal_representative_id = e.legal_representative_id AND r.retired_at IS NULL ${inCounty}
      WHERE l.borrower_id = e.id AND ${LIVE_LOAN("l")}))`);
  }
  return Prisma.join(parts, " AND ");
}

const usesStatement = (c: RiskConditions) =>
  c.debtRatioAbove != null || c.aboveDebtRatioWatchLine != null || c.shortLoansUsedLong != null || c.privateLendingShareAbove != null;

/**
 * One statement: for each node, whether each enterprise the caller may see meets it; only
 * enterprises meeting some node come back. Columns n0, n1, … follow `nodes`.
 */
export function riskMatchSql(nodes: readonly RiskConditions[], county: string | null): Prisma.Sql {
  const statement = nodes.some(usesStatement);
  const line = nodes.some((n) => n.aboveDebtRatioWatchLine != null);
  const circles = nodes.some((n) => n.inGuaranteeCircle != null);
  const edges = circles || nodes.some((n) => n.inMutualGuarantee != null);
  const ctes: Prisma.Sql[] = [];
  if (edges) ctes.push(edgesSql(county));
  if (circles) {
    // Every member of a circle of up to MAX_CIRCLE_LENGTH, each circle walked once from its smallest member.
    ctes.push(Prisma.sql`
      walk(start, node, path) AS (
        SELECT a, b, ARRAY[a, b] FROM edge WHERE b > a
        UNION ALL
        SELECT w.start, e2.b, w.path || e2.b
        FROM walk w JOIN edge e2 ON e2.a = w.node
        WHERE w.node <> w.start AND e2.b >= w.start AND (e2.b = w.start OR e2.b <> ALL (w.path)) AND cardinality(w.path) <= ${MAX_CIRCLE_LENGTH}
      ),
      circle_member(id) AS (SELECT DISTINCT unnest(path) FROM walk WHERE node = start)`);
  }
  const columns = nodes.map((n, i) => Prisma.sql`(${conditionSql(n, county)}) AS ${Prisma.raw(`n${i}`)}`);
  return Prisma.sql`
    ${ctes.length ? Prisma.sql`WITH RECURSIVE ${Prisma.join(ctes, ", ")}` : Prisma.empty}
    SELECT id, ${Prisma.join(nodes.map((_, i) => Prisma.raw(`n${i}`)), ", ")} FROM (
      SELECT e.id, ${Prisma.join(columns, ", ")}
      FROM enterprise e
      ${statement ? Prisma.sql`LEFT JOIN LATERAL (
        SELECT s.* FROM financial_statement s
        WHERE s.enterprise_id = e.id AND s.period_type = 'ANNUAL' AND s.retired_at IS NULL
        ORDER BY s.period_end DESC LIMIT 1) ls ON true` : Prisma.empty}
      ${line ? Prisma.sql`LEFT JOIN LATERAL (
        SELECT w.comparator::text AS comparator, w.threshold FROM watch_line w
        WHERE w.indicator = 'ENTERPRISE_ASSET_LIABILITY_RATIO' AND cardinality(w.institution_kinds) = 0
          AND w.effective_from <= ls.period_end AND (w.effective_to IS NULL OR w.effective_to >= ls.period_end)
        ORDER BY w.effective_from, w.id LIMIT 1) wl ON true` : Prisma.empty}
      ${county === null ? Prisma.empty : Prisma.sql`WHERE e.county_code = ${county}`}
    ) judged
    WHERE ${Prisma.join(nodes.map((_, i) => Prisma.raw(`n${i}`)), " OR ")}`;
}
