// Invariants of a seeded database, checked with SQL against what was actually stored: valid and
// unique identifiers, consistent statements and loans, the planted guarantee cycles, the
// change-log sequence. Used by `src/cli/seed-check.ts`; each check returns what it saw.
import type { PrismaClient } from "../generated/prisma/client.ts";
import { checkUscc } from "../enterprise/uscc.ts";
import { idNumberCheckChar } from "./ids.ts";
import { MISSING_RECORD_CHECKS } from "./missing-records.checks.ts";

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

type Check = (prisma: PrismaClient) => Promise<CheckResult>;

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
             count(*) FILTER (WHERE period_end = '2025-12-31' AND total_liabilities > 0.7 * total_assets)::float
               / nullif(count(*) FILTER (WHERE period_end = '2025-12-31'), 0) AS above70,
             count(*) FILTER (WHERE period_end = '2025-12-31' AND short_term_borrowings > current_assets) AS mismatch,
             count(*) FILTER (WHERE period_end = '2025-12-31' AND private_lending > 0) AS lending
      FROM financial_statement`);
    const broken = num(r!.ca) + num(r!.cl) + num(r!.stb) + num(r!.ltb) + num(r!.pl);
    return {
      name: "statements internally consistent",
      ok: broken === 0,
      detail: `${broken} inconsistent; 2025: ${(num(r!.above70) * 100).toFixed(1)}% above the 70% line, ${r!.mismatch} short-loans-used-long, ${r!.lending} with private lending`,
    };
  },
  async (prisma) => {
    const [r] = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`
      SELECT count(*) AS n,
             count(*) FILTER (WHERE balance > amount OR maturity_date <= start_date OR interest_rate NOT BETWEEN 0.035 AND 0.08
                              OR amount NOT BETWEEN 500000 AND 300000000) AS bad,
             count(*) FILTER (WHERE classification IN ('SUBSTANDARD', 'DOUBTFUL', 'LOSS'))::float / count(*) AS npl,
             count(*) FILTER (WHERE classification = 'SPECIAL_MENTION')::float / count(*) AS sm,
             count(DISTINCT lender_id) AS lenders
      FROM loan`);
    return {
      name: "loans within bounds",
      ok: num(r!.bad) === 0,
      detail: `${r!.n} loans from ${r!.lenders} banks, ${r!.bad} out of bounds; NPL ${(num(r!.npl) * 100).toFixed(1)}%, special mention ${(num(r!.sm) * 100).toFixed(1)}%`,
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
        WHERE s.due_date <= DATE '2026-09-30' AND NOT EXISTS (SELECT 1 FROM bond_payment p WHERE p.schedule_item_id = s.id)
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
    return { name: "top-10 lists", ok: num(r!.nonpositive) === 0 && num(r!.bank_months) === 15 * 12, detail: `${r!.n} entries over ${r!.bank_months} bank-months` };
  },
];

export async function checkSeededDatabase(prisma: PrismaClient): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const check of [...checks, ...MISSING_RECORD_CHECKS]) out.push(await check(prisma));
  return out;
}
