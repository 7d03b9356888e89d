// Invariants of a seeded database, checked with SQL against what was actually stored: valid and
// unique identifiers, consistent statements and loans, the planted guarantee cycles, the
// change-log sequence, and the plausibility rules of the plan-period demo (docs/demo-data.md):
// loans within what borrowers report, bank books that match the banks' own indicators, the
// single-borrower limit, indicators only from legal persons, city-sized totals, the 2015 Budget
// Law, who may issue 企业债, and who the debt evaders and zombies are. Used by
// `npm run seed:check` (src/cli/seed-check.ts); each check returns what it saw, with its figure.
import type { PrismaClient } from "../generated/prisma/client.ts";
import { checkUscc } from "../enterprise/uscc.ts";
import { idNumberCheckChar } from "./ids.ts";
import { AS_OF, BUDGET_LAW, INDICATOR_QUARTERS, TOP_LIST_MONTHS, isoDate } from "./calendar.ts";
import { INSTITUTIONS, LOCAL_BANK_KINDS, NATIONAL_BANK_NET_CAPITAL_FLOOR } from "./institutions.ts";
import { ENTERPRISE_BOND_MIN_ASSETS } from "./bonds.ts";
import { CONTINGENT_BAN } from "./government-debt.ts";
import { NATIONAL_NPL } from "./watch-lines.ts";

/**
 * Yangjiang's GDP, yuan: ¥1,270亿 in 2016 and about ¥1,350亿 in 2018 (阳江市统计公报).
 * SEED_SCALE multiplies the counts of enterprises, loans, bonds … while each row keeps a real
 * size, so a demo at scale N ≥ 1 is a city N times Yangjiang and its totals are compared with
 * GDP × N. Below 1 the demo is a sample of the one city: fewer firms, but all 12 platforms, the
 * listed firms and every institution, so its totals are held to the city's GDP itself (an upper
 * bound only: a sample has no lower bound).
 */
export const CITY_GDP = 1.3e11;
export const gdpFor = (scale: number): number => CITY_GDP * Math.max(1, scale);

export interface CheckOptions {
  /** the SEED_SCALE the database was seeded with */
  scale: number;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

type Check = (prisma: PrismaClient, options: CheckOptions) => Promise<CheckResult>;
const AS_OF_SQL = `DATE '${isoDate(AS_OF)}'`;
const NPL_SQL = "classification IN ('SUBSTANDARD', 'DOUBTFUL', 'LOSS')";
const pct = (v: number, digits = 2): string => `${(v * 100).toFixed(digits)}%`;
const yi = (v: number): string => `¥${(v / 1e8).toFixed(0)}亿`;

const num = (v: unknown): number => Number(v);

/** Every simple cycle of the guarantor → borrower graph, each once (walked from its smallest id). */
export const GUARANTEE_CYCLES_SQL = `
  WITH RECURSIVE edge AS (
    SELECT DISTINCT guarantor_id AS a, borrower_id AS b FROM guarantee WHERE retired_at IS NULL
  ), walk(start, node, path) AS (
    SELECT a, b, ARRAY[a, b] FROM edge WHERE b > a
    UNION ALL
    SELECT w.start, e.b, w.path || e.b
    FROM walk w JOIN edge e ON e.a = w.node
    WHERE w.node <> w.start AND e.b >= w.start AND (e.b = w.start OR e.b <> ALL (w.path)) AND cardinality(w.path) < 9
  )
  SELECT path, cardinality(path) - 1 AS length FROM walk WHERE node = start ORDER BY length, path`;

const checks: Check[] = [
  async (prisma) => {
    const rows = await prisma.$queryRawUnsafe<{ uscc: string; county: string; src: string }[]>(
      "SELECT uscc, county_code AS county, 'enterprise' AS src FROM enterprise UNION ALL SELECT uscc, county_code, 'venue' FROM trading_venue",
    );
    const bad = rows.filter((r) => checkUscc(r.uscc) !== null || r.uscc.slice(2, 8) !== r.county);
    const unique = new Set(rows.map((r) => r.uscc)).size === rows.length;
    return { name: "USCCs valid, unique, county in chars 3–8", ok: bad.length === 0 && unique, detail: `${rows.length} codes, ${bad.length} invalid, unique=${unique}` };
  },
  async (prisma) => {
    const rows = await prisma.$queryRawUnsafe<{ id_number: string; county_code: string; phone: string | null }[]>("SELECT id_number, county_code, phone FROM person");
    const bad = rows.filter((r) => {
      const body = r.id_number.slice(0, 17);
      const birth = new Date(`${body.slice(6, 10)}-${body.slice(10, 12)}-${body.slice(12, 14)}T00:00:00Z`);
      return !/^\d{17}$/.test(body) || idNumberCheckChar(body) !== r.id_number[17] || body.slice(0, 6) !== r.county_code || Number.isNaN(birth.getTime());
    });
    const badPhones = rows.filter((r) => !r.phone || !/^1[3-9]\d{9}$/.test(r.phone));
    const unique = new Set(rows.map((r) => r.id_number)).size === rows.length;
    return { name: "ID numbers valid (MOD 11-2), unique; phones 1[3-9]x", ok: bad.length === 0 && badPhones.length === 0 && unique, detail: `${rows.length} persons, ${bad.length} bad IDs, ${badPhones.length} bad phones, unique=${unique}` };
  },
  async (prisma) => {
    const [r] = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`
      SELECT count(*) FILTER (WHERE current_assets >= total_assets) AS ca,
             count(*) FILTER (WHERE current_liabilities > total_liabilities) AS cl,
             count(*) FILTER (WHERE short_term_borrowings > current_liabilities) AS stb,
             count(*) FILTER (WHERE long_term_borrowings > total_liabilities - current_liabilities) AS ltb,
             count(*) FILTER (WHERE private_lending > current_liabilities - short_term_borrowings) AS pl,
             count(*) FILTER (WHERE period_end = ${AS_OF_SQL} AND period_type = 'ANNUAL' AND total_liabilities > 0.7 * total_assets)::float
               / nullif(count(*) FILTER (WHERE period_end = ${AS_OF_SQL} AND period_type = 'ANNUAL'), 0) AS above70,
             count(*) FILTER (WHERE period_end = ${AS_OF_SQL} AND period_type = 'ANNUAL' AND short_term_borrowings > current_assets) AS mismatch,
             count(*) FILTER (WHERE period_end = ${AS_OF_SQL} AND period_type = 'ANNUAL' AND private_lending > 0) AS lending
      FROM financial_statement`);
    const broken = num(r!.ca) + num(r!.cl) + num(r!.stb) + num(r!.ltb) + num(r!.pl);
    return {
      name: "statements internally consistent",
      ok: broken === 0,
      detail: `${broken} inconsistent; ${AS_OF.getUTCFullYear()}: ${(num(r!.above70) * 100).toFixed(1)}% above the 70% line, ${r!.mismatch} short-loans-used-long, ${r!.lending} with private lending`,
    };
  },
  async (prisma) => {
    const [r] = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`
      SELECT count(*) AS n,
             count(*) FILTER (WHERE balance > amount OR maturity_date <= start_date OR interest_rate NOT BETWEEN 0.035 AND 0.08
                              OR amount NOT BETWEEN 500000 AND 300000000) AS bad,
             sum(balance) FILTER (WHERE ${NPL_SQL})::float / nullif(sum(balance), 0) AS npl,
             count(*) FILTER (WHERE classification = 'SPECIAL_MENTION')::float / count(*) AS sm,
             count(DISTINCT lender_id) AS lenders
      FROM loan`);
    return {
      name: "loans within bounds",
      ok: num(r!.bad) === 0,
      detail: `${r!.n} loans from ${r!.lenders} banks, ${r!.bad} out of bounds; NPL ${pct(num(r!.npl))} of the balance, special mention ${(num(r!.sm) * 100).toFixed(1)}%`,
    };
  },
  async (prisma) => {
    const cycles = await prisma.$queryRawUnsafe<{ length: number }[]>(GUARANTEE_CYCLES_SQL);
    const [self] = await prisma.$queryRawUnsafe<{ n: unknown }[]>("SELECT count(*) AS n FROM guarantee WHERE guarantor_id = borrower_id");
    const lengths = cycles.map((c) => num(c.length));
    const circles = lengths.filter((l) => l >= 3).length;
    const mutual = lengths.filter((l) => l === 2).length;
    return {
      name: "guarantee circles (recursive SQL)",
      ok: circles >= 5 && mutual >= 1 && num(self!.n) === 0,
      detail: `${mutual} mutual pairs, ${circles} circles of length ${[...new Set(lengths.filter((l) => l >= 3))].join("/")}, ${self!.n} self-guarantees`,
    };
  },
  async (prisma) => {
    const [r] = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`
      SELECT (SELECT count(*) FROM dishonesty_record WHERE change_seq <> id) AS seq_mismatch,
             (SELECT count(*) FROM dishonesty_record r JOIN dishonesty_record_change c ON c.record_id = r.id AND c.seq = r.change_seq) AS with_change,
             (SELECT count(*) FROM dishonesty_record) AS n,
             (SELECT value FROM change_counter WHERE name = 'dishonesty') AS counter,
             (SELECT max(change_seq) FROM dishonesty_record) AS max_seq,
             (SELECT count(*) FROM dishonesty_record WHERE (subject_type = 'ENTERPRISE') <> (enterprise_id IS NOT NULL)
                OR (subject_type = 'PERSON') <> (person_id IS NOT NULL)) AS bad_subject,
             (SELECT count(*) FROM dishonesty_record_change c1 JOIN dishonesty_record_change c2 ON c2.seq = c1.seq + 1 WHERE c2.changed_at < c1.changed_at) AS out_of_order`);
    const ok = num(r!.seq_mismatch) === 0 && num(r!.with_change) === num(r!.n) && num(r!.counter) === num(r!.max_seq) && num(r!.bad_subject) === 0 && num(r!.out_of_order) === 0;
    return { name: "dishonesty change log", ok, detail: `${r!.n} records, counter ${r!.counter} = max seq ${r!.max_seq}, ${r!.out_of_order} out of time order` };
  },
  async (prisma) => {
    const rows = await prisma.$queryRawUnsafe<{ board: string; target: number; by_deadline: unknown; now: unknown }[]>(`
      SELECT g.board, g.target_count AS target,
             (SELECT count(*) FROM enterprise e WHERE e.listing_status = g.board AND e.listed_on <= g.deadline) AS by_deadline,
             (SELECT count(*) FROM enterprise e WHERE e.listing_status = g.board) AS now
      FROM direct_financing_goal g ORDER BY g.board`);
    const short = rows.filter((r) => num(r.by_deadline) < r.target).length;
    return {
      name: "direct-financing goals partly short at end-2018",
      ok: rows.length === 3 && short > 0 && short < 3,
      detail: rows.map((r) => `${r.board} ${r.by_deadline}/${r.target} (now ${r.now})`).join(", "),
    };
  },
  async (prisma) => {
    const rows = await prisma.$queryRawUnsafe<{ indicator: string; breaches: unknown }[]>(`
      SELECT v.indicator, count(*) AS breaches
      FROM indicator_value v
      JOIN institution i ON i.id = v.institution_id
      JOIN watch_line w ON w.indicator = v.indicator AND i.kind = ANY (w.institution_kinds)
        AND w.effective_from <= v.period_end AND (w.effective_to IS NULL OR w.effective_to >= v.period_end)
      WHERE (w.comparator = 'AT_LEAST' AND v.value < w.threshold) OR (w.comparator = 'AT_MOST' AND v.value > w.threshold)
         OR (w.comparator = 'BELOW' AND v.value >= w.threshold)
      GROUP BY v.indicator ORDER BY v.indicator`);
    return { name: "watch-line breaches present", ok: rows.length >= 4, detail: rows.map((r) => `${r.indicator} ×${r.breaches}`).join(", ") };
  },
  async (prisma) => {
    const rows = await prisma.$queryRawUnsafe<{ k: string; n: unknown }[]>(`
      SELECT 'payment ' || outcome AS k, count(*) AS n FROM bond_payment GROUP BY outcome
      UNION ALL SELECT 'bond ' || status, count(*) FROM bond GROUP BY status
      UNION ALL SELECT 'missing payment', count(*) FROM bond_schedule_item s
        WHERE s.due_date <= ${AS_OF_SQL} AND NOT EXISTS (SELECT 1 FROM bond_payment p WHERE p.schedule_item_id = s.id)
      ORDER BY 1`);
    const missing = num(rows.find((r) => r.k === "missing payment")?.n ?? 0);
    const has = (k: string) => rows.some((r) => r.k === k && num(r.n) > 0);
    return {
      name: "bond payments up to AS_OF",
      ok: missing === 0 && has("payment DEFAULT") && has("payment EXTENDED") && has("payment LATE") && has("bond DEFAULTED") && has("bond REPAID"),
      detail: rows.map((r) => `${r.k} ${r.n}`).join(", "),
    };
  },
  async (prisma) => {
    const [r] = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`
      SELECT count(*) AS n, count(DISTINCT (institution_id, month)) AS bank_months,
             count(*) FILTER (WHERE exposure <= 0) AS nonpositive FROM top_list_entry`);
    const banks = INSTITUTIONS.filter((i) => i.lendingWeight).length;
    const ok = num(r!.nonpositive) === 0 && num(r!.bank_months) === banks * TOP_LIST_MONTHS.length;
    return { name: "top-10 lists monthly 2016-01 … 2018-12", ok, detail: `${r!.n} entries over ${r!.bank_months} bank-months (${banks} banks × ${TOP_LIST_MONTHS.length} months)` };
  },
];

// The plausibility rules of the plan-period demo (issue 9, docs/demo-data.md).
const PLAUSIBILITY: Check[] = [
  async (prisma) => {
    const [r] = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`
      SELECT min(period_end) AS first, max(period_end) AS last,
             count(DISTINCT period_end) AS periods,
             (SELECT count(DISTINCT period_end) FROM indicator_value) AS indicator_quarters,
             (SELECT min(period_end) FROM indicator_value) AS first_indicator,
             (SELECT max(period_end) FROM indicator_value) AS last_indicator,
             (SELECT max(start_date) FROM loan) AS last_loan,
             (SELECT max(issue_date) FROM bond) AS last_bond,
             (SELECT max(listed_on) FROM dishonesty_record) AS last_listing,
             (SELECT max(received_on) FROM fundraising_clue) AS last_clue,
             (SELECT max(quarter_end) FROM progress_report) AS last_progress
      FROM financial_statement`);
    const d = (v: unknown) => isoDate(v as Date);
    const latest = [r!.last_loan, r!.last_bond, r!.last_listing, r!.last_clue, r!.last_progress].map((v) => (v as Date).getTime());
    const ok =
      d(r!.first) === "2015-12-31" && d(r!.last) === isoDate(AS_OF) && num(r!.periods) === INDICATOR_QUARTERS.length &&
      d(r!.first_indicator) === "2015-12-31" && d(r!.last_indicator) === isoDate(AS_OF) && num(r!.indicator_quarters) === INDICATOR_QUARTERS.length &&
      latest.every((t) => t <= AS_OF.getTime());
    return {
      name: "plan period: quarterly 2015Q4 … 2018Q4, nothing dated after the dataset date",
      ok,
      detail: `statements ${d(r!.first)} … ${d(r!.last)} (${r!.periods} quarters), indicators ${d(r!.first_indicator)} … ${d(r!.last_indicator)}; latest loan ${d(r!.last_loan)}, bond ${d(r!.last_bond)}, listing ${d(r!.last_listing)}, clue ${d(r!.last_clue)}, progress report ${d(r!.last_progress)}`,
    };
  },
  async (prisma) => {
    const [r] = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`
      WITH owed AS (SELECT borrower_id, sum(balance) AS balance FROM loan WHERE retired_at IS NULL GROUP BY borrower_id)
      SELECT count(*) AS borrowers,
             count(*) FILTER (WHERE s.id IS NULL) AS without_statement,
             count(*) FILTER (WHERE o.balance > s.short_term_borrowings + s.long_term_borrowings) AS over,
             max(o.balance / nullif(s.short_term_borrowings + s.long_term_borrowings, 0))::float AS worst,
             sum(o.balance)::float / nullif(sum(s.short_term_borrowings + s.long_term_borrowings), 0)::float AS overall
      FROM owed o
      LEFT JOIN financial_statement s ON s.enterprise_id = o.borrower_id AND s.period_end = ${AS_OF_SQL} AND s.period_type = 'ANNUAL'
      WHERE o.balance > 0`);
    return {
      name: "a borrower's loans ≤ the bank borrowings its statement reports",
      ok: num(r!.over) === 0 && num(r!.without_statement) === 0,
      detail: `${r!.borrowers} borrowers, ${r!.over} owe more than their ${isoDate(AS_OF)} statement's short+long-term borrowings, ${r!.without_statement} without one; highest ratio ${pct(num(r!.worst), 1)}, city's banks hold ${pct(num(r!.overall), 1)} of what borrowers report`,
    };
  },
  async (prisma) => {
    const rows = await prisma.$queryRawUnsafe<{ code: string; book: number | null; reported: unknown }[]>(`
      SELECT i.code,
             (SELECT sum(balance) FILTER (WHERE ${NPL_SQL})::float / nullif(sum(balance), 0)::float FROM loan l WHERE l.lender_id = i.id AND l.retired_at IS NULL) AS book,
             (SELECT v.value FROM indicator_value v WHERE v.institution_id = i.id AND v.indicator = 'NPL_RATIO' AND v.period_end = ${AS_OF_SQL}) AS reported
      FROM institution i WHERE i.kind::text = ANY ($1) ORDER BY i.id`, [...LOCAL_BANK_KINDS]);
    const off = rows.filter((r) => r.reported === null || r.book === null || Math.abs(num(r.reported) - num(r.book)) > 5e-7);
    return {
      name: "each local bank's NPL indicator = the NPL ratio of its loan book",
      ok: rows.length === LOCAL_BANK_KINDS.length * 2 && off.length === 0,
      detail: `${isoDate(AS_OF)}: ` + rows.map((r) => `${r.code} reported ${r.reported === null ? "—" : pct(num(r.reported), 4)} / book ${r.book === null ? "—" : pct(num(r.book), 4)}`).join(", "),
    };
  },
  async (prisma) => {
    const rows = await prisma.$queryRawUnsafe<{ id: number; code: string; kind: string; largest: unknown; reported: unknown }[]>(`
      SELECT i.id, i.code, i.kind::text AS kind,
             (SELECT max(b) FROM (SELECT sum(balance) AS b FROM loan l WHERE l.lender_id = i.id AND l.retired_at IS NULL GROUP BY borrower_id) x) AS largest,
             (SELECT v.value FROM indicator_value v WHERE v.institution_id = i.id AND v.indicator = 'SINGLE_CUSTOMER_CONCENTRATION' AND v.period_end = ${AS_OF_SQL}) AS reported
      FROM institution i WHERE i.kind IN ('COMMERCIAL_BANK_BRANCH', 'LOCAL_LEGAL_PERSON_BANK', 'RURAL_CREDIT_COOP') ORDER BY i.id`);
    const local = rows.filter((r) => r.kind !== "COMMERCIAL_BANK_BRANCH");
    const shares = local.map((r) => {
      const capital = INSTITUTIONS[r.id - 1]!.netCapital!;
      return { code: r.code, share: num(r.largest) / capital, reported: r.reported === null ? null : num(r.reported) };
    });
    const branchWorst = Math.max(...rows.filter((r) => r.kind === "COMMERCIAL_BANK_BRANCH").map((r) => num(r.largest)));
    const ok = shares.every((s) => s.share <= 0.1 && s.reported !== null && Math.abs(s.reported - s.share) <= 5e-7) && branchWorst <= 0.1 * NATIONAL_BANK_NET_CAPITAL_FLOOR;
    return {
      name: "largest single borrower ≤ 10% of the bank's net capital",
      ok,
      detail:
        shares.map((s) => `${s.code} ${pct(s.share)} (reported ${s.reported === null ? "—" : pct(s.reported)})`).join(", ") +
        `; national branches' largest ${yi(branchWorst)} vs 10% of a head office's ≥ ${yi(NATIONAL_BANK_NET_CAPITAL_FLOOR)} (${pct(branchWorst / NATIONAL_BANK_NET_CAPITAL_FLOOR, 3)})`,
    };
  },
  async (prisma) => {
    const rows = await prisma.$queryRawUnsafe<{ kind: string; institutions: unknown; reporting: unknown; values: unknown; indicators: string | null }[]>(`
      SELECT i.kind::text AS kind, count(DISTINCT i.id) AS institutions, count(DISTINCT v.institution_id) AS reporting, count(v.id) AS values,
             string_agg(DISTINCT v.indicator::text, ',') AS indicators
      FROM institution i LEFT JOIN indicator_value v ON v.institution_id = i.id GROUP BY i.kind ORDER BY i.kind`);
    const branchKinds = ["COMMERCIAL_BANK_BRANCH", "SECURITIES", "FUTURES"];
    const branchValues = rows.filter((r) => branchKinds.includes(r.kind)).reduce((n, r) => n + num(r.values), 0);
    const localBanks = rows.filter((r) => LOCAL_BANK_KINDS.includes(r.kind as never));
    const liquidity = localBanks.every((r) => (r.indicators ?? "").includes("LIQUIDITY_RATIO") && (r.indicators ?? "").includes("LIQUIDITY_MATCHING_RATIO") && (r.indicators ?? "").includes("LEVERAGE_RATIO"));
    return {
      name: "indicators only from local legal persons (branches report none)",
      ok: branchValues === 0 && liquidity && localBanks.every((r) => num(r.reporting) === num(r.institutions)),
      detail: rows.map((r) => `${r.kind} ${r.reporting}/${r.institutions} reporting (${r.values} values)`).join(", "),
    };
  },
  async (prisma, { scale }) => {
    const [r] = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`
      SELECT (SELECT sum(balance) FROM loan WHERE retired_at IS NULL)::float AS loans,
             (SELECT sum(balance) FILTER (WHERE ${NPL_SQL}) FROM loan WHERE retired_at IS NULL)::float AS npl,
             (SELECT sum(amount) FROM bond WHERE status <> 'REPAID')::float AS bonds,
             (SELECT sum(balance) FROM government_debt WHERE retired_at IS NULL)::float AS gov,
             (SELECT sum(total_assets) FROM financial_statement WHERE period_end = ${AS_OF_SQL} AND period_type = 'ANNUAL')::float AS assets`);
    const gdp = gdpFor(scale);
    const loans = num(r!.loans);
    const ratio = loans / gdp;
    const nplRatio = num(r!.npl) / loans;
    const national = NATIONAL_NPL.find(([year]) => year === AS_OF.getUTCFullYear())![1];
    const ok = (scale < 1 || ratio >= 0.2) && ratio < 1 && num(r!.bonds) / gdp < 0.3 && num(r!.gov) / gdp < 0.4;
    return {
      name: "city totals plausible for a ¥1,300亿-GDP city (× scale)",
      ok,
      detail: `GDP × ${Math.max(1, scale)} = ${yi(gdp)}: enterprise loans ${yi(loans)} (${pct(ratio, 1)} of GDP, must be ${scale < 1 ? "below 100%" : "20–100%"}), outstanding bonds ${yi(num(r!.bonds))} (${pct(num(r!.bonds) / gdp, 1)}, < 30%), government debt ${yi(num(r!.gov))} (${pct(num(r!.gov) / gdp, 1)}, < 40%), enterprises' assets ${yi(num(r!.assets))}; city NPL ${pct(nplRatio)} vs national ${pct(national)} at end-${AS_OF.getUTCFullYear()}`,
    };
  },
  async (prisma) => {
    const [r] = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`
      SELECT count(*) FILTER (WHERE debt_class IN ('GENERAL', 'SPECIAL') AND start_date >= DATE '${isoDate(BUDGET_LAW)}') AS direct_new,
             count(*) FILTER (WHERE debt_class IN ('GENERAL', 'SPECIAL') AND start_date >= DATE '${isoDate(BUDGET_LAW)}' AND instrument <> 'GOVERNMENT_BOND') AS direct_new_not_bond,
             count(*) FILTER (WHERE debt_class IN ('CONTINGENT_GUARANTEE', 'CONTINGENT_RESCUE') AND start_date > DATE '${isoDate(CONTINGENT_BAN)}') AS contingent_after_ban,
             sum(principal) FILTER (WHERE debt_class IN ('CONTINGENT_GUARANTEE', 'CONTINGENT_RESCUE') AND start_date <= DATE '2015-12-31' AND maturity_date > DATE '2015-12-31')::float AS contingent_2015,
             sum(balance) FILTER (WHERE debt_class IN ('CONTINGENT_GUARANTEE', 'CONTINGENT_RESCUE'))::float AS contingent_now
      FROM government_debt WHERE retired_at IS NULL`);
    const ok = num(r!.direct_new_not_bond) === 0 && num(r!.contingent_after_ban) === 0 && num(r!.contingent_now) < num(r!.contingent_2015);
    return {
      name: "government direct debt since 2015 only as bonds; contingent debt declining",
      ok,
      detail: `${r!.direct_new} direct debts since ${isoDate(BUDGET_LAW)}, ${r!.direct_new_not_bond} not government bonds; ${r!.contingent_after_ban} contingent debts after ${isoDate(CONTINGENT_BAN)}; contingent ${yi(num(r!.contingent_2015))} outstanding at end-2015 (principal) → ${yi(num(r!.contingent_now))} at ${isoDate(AS_OF)}`,
    };
  },
  async (prisma) => {
    const [r] = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`
      SELECT count(*) AS bonds, count(DISTINCT b.issuer_id) AS issuers,
             count(*) FILTER (WHERE p.id IS NOT NULL) AS by_platforms,
             count(*) FILTER (WHERE p.id IS NULL AND coalesce(s.total_assets, 0) < ${ENTERPRISE_BOND_MIN_ASSETS}) AS by_others
      FROM bond b
      LEFT JOIN financing_platform p ON p.enterprise_id = b.issuer_id
      LEFT JOIN LATERAL (SELECT total_assets FROM financial_statement s WHERE s.enterprise_id = b.issuer_id AND s.period_type = 'ANNUAL'
                         AND s.period_end <= greatest(b.issue_date, DATE '2015-12-31') ORDER BY s.period_end DESC LIMIT 1) s ON true
      WHERE b.kind = 'ENTERPRISE_BOND'`);
    return {
      name: "企业债 issued only by platforms and large enterprises",
      ok: num(r!.by_others) === 0,
      detail: `${r!.bonds} enterprise bonds from ${r!.issuers} issuers: ${r!.by_platforms} by financing platforms, ${num(r!.bonds) - num(r!.by_platforms) - num(r!.by_others)} by firms with ≥ ${yi(ENTERPRISE_BOND_MIN_ASSETS)} of assets, ${r!.by_others} by others`,
    };
  },
  async (prisma) => {
    const [r] = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`
      WITH bad AS (SELECT DISTINCT borrower_id FROM loan WHERE ${NPL_SQL} AND retired_at IS NULL),
           owing AS (SELECT DISTINCT borrower_id FROM loan WHERE balance > 0 AND retired_at IS NULL),
           evaders AS (SELECT DISTINCT enterprise_id AS id FROM dishonesty_record WHERE list = 'DEBT_EVASION' AND enterprise_id IS NOT NULL AND deleted_at IS NULL),
           zombies AS (SELECT id FROM enterprise WHERE is_zombie AND retired_at IS NULL)
      SELECT (SELECT count(*) FROM evaders) AS evaders,
             (SELECT count(*) FROM evaders WHERE id IN (SELECT borrower_id FROM bad)) AS evaders_npl,
             (SELECT count(*) FROM zombies) AS zombies,
             (SELECT count(*) FROM zombies WHERE id IN (SELECT borrower_id FROM owing)) AS zombies_owing,
             (SELECT count(*) FROM zombies WHERE id IN (SELECT borrower_id FROM bad)) AS zombies_npl`);
    const evaders = num(r!.evaders);
    const zombiesOwing = num(r!.zombies_owing);
    const e = num(r!.evaders_npl) / evaders;
    const z = num(r!.zombies_npl) / zombiesOwing;
    return {
      name: "debt evaders and zombies mostly hold non-performing loans",
      ok: evaders > 0 && e > 0.5 && zombiesOwing > 0 && z > 0.5,
      detail: `${r!.evaders_npl} of ${evaders} 逃废债-listed enterprises (${pct(e, 0)}) and ${r!.zombies_npl} of ${zombiesOwing} indebted zombies (${pct(z, 0)}; ${r!.zombies} zombies in all) have a non-performing loan`,
    };
  },
  async (prisma) => {
    // The seed's own dated checks, as the docs' GraphQL queries answer them.
    const leverage = await prisma.$queryRawUnsafe<{ code: string; value: unknown }[]>(`
      SELECT i.code, v.value FROM indicator_value v JOIN institution i ON i.id = v.institution_id
      WHERE v.indicator = 'LEVERAGE_RATIO' AND v.period_end = DATE '2016-12-31' ORDER BY i.code`);
    const [lines] = await prisma.$queryRawUnsafe<{ n: unknown }[]>(`SELECT count(*) AS n FROM watch_line WHERE indicator = 'NPL_RATIO'`);
    const short = leverage.filter((l) => num(l.value) < 0.04);
    return {
      name: "the seed's dated checks can run: leverage at end-2016, national NPL lines 2015–2018",
      ok: leverage.length === LOCAL_BANK_KINDS.length * 2 && num(lines!.n) === NATIONAL_NPL.length,
      detail: `end-2016 leverage ${leverage.map((l) => `${l.code} ${pct(num(l.value))}`).join(", ")} (${short.length} below 4%); ${lines!.n} dated national NPL lines (${NATIONAL_NPL.map(([y, v]) => `${y} ${pct(v)}`).join(", ")})`,
    };
  },
];

export async function checkSeededDatabase(prisma: PrismaClient, options: CheckOptions): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const check of [...checks, ...PLAUSIBILITY]) out.push(await check(prisma, options));
  return out;
}
