// The periodic digest per agency (issue 12 item 6): new, open and overdue alerts by county and
// rule, visibility applied (visibility.ts), as the alertDigest query answers it and as the body
// of each `alert.digest` event, built per recipient when delivered. emitDigests writes the events
// (one per agency, and one per county government) at a period's end; the runner's scheduler
// calls it.
import { Agency, type Prisma, type PrismaClient } from "../generated/prisma/client.ts";
import type { Principal } from "../access/principal.ts";
import type { AccessState } from "../access/policy/decide.ts";
import { alertWhere } from "./visibility.ts";
import { parsePeriod, type DigestPeriod } from "./period.ts";

export interface DigestRow {
  countyCode: string | null;
  ruleCode: string;
  ruleNameZh: string;
  ruleNameEn: string;
  /** raised within the period */
  new: number;
  /** live at the period's end */
  open: number;
  /** live at the period's end and past a deadline then */
  overdue: number;
}

export interface AlertDigest {
  period: DigestPeriod;
  rows: DigestRow[];
  totals: { new: number; open: number; overdue: number };
}

const day = (d: string) => new Date(`${d}T00:00:00Z`);
const DAY_MS = 86_400_000;

/** The conditions of a digest's three counts, for a period (dates of the business calendar). */
export function digestConditions(period: DigestPeriod): Record<"new" | "open" | "overdue", Prisma.AlertWhereInput> {
  const from = day(period.from);
  const to = day(period.to);
  // closedAt and acknowledgedAt are instants: "after the period" is from the next day's midnight in Beijing.
  const after = new Date(to.getTime() + DAY_MS - 8 * 3_600_000);
  const openAtEnd: Prisma.AlertWhereInput = { raisedOn: { lte: to }, OR: [{ live: true }, { closedAt: { gte: after } }] };
  return {
    new: { raisedOn: { gte: from, lte: to } },
    open: openAtEnd,
    overdue: {
      AND: [
        openAtEnd,
        { OR: [{ disposeDueOn: { lt: to } }, { ackDueOn: { lt: to }, OR: [{ acknowledgedAt: null }, { acknowledgedAt: { gte: after } }] }] },
      ],
    },
  };
}

/** The digest for a principal: its visible alerts only. `period` is a DigestPeriod or a label (2018Q4, 2018-12, 2018-12-31). */
export async function alertDigest(prisma: Pick<PrismaClient, "alert" | "riskRule">, principal: Pick<Principal, "agency" | "countyCode">, state: AccessState, period: DigestPeriod | string): Promise<AlertDigest> {
  const p = typeof period === "string" ? parsePeriod(period) : period;
  if (!p) throw new Error(`period: "${String(period)}" is not a day (YYYY-MM-DD), a month (YYYY-MM) or a quarter (YYYYQn)`);
  const visible = alertWhere(principal, state);
  const conditions = digestConditions(p);
  const counts = new Map<string, DigestRow>();
  const ruleIds = new Set<number>();
  const grouped = await Promise.all(
    (["new", "open", "overdue"] as const).map(async (kind) => ({
      kind,
      groups: await prisma.alert.groupBy({ by: ["countyCode", "ruleId"], where: { AND: [visible, conditions[kind]] }, _count: { _all: true } }),
    })),
  );
  for (const { groups } of grouped) for (const g of groups) ruleIds.add(g.ruleId);
  const rules = new Map((await prisma.riskRule.findMany({ where: { id: { in: [...ruleIds] } }, select: { id: true, code: true, nameZh: true, nameEn: true } })).map((r) => [r.id, r]));
  for (const { kind, groups } of grouped) {
    for (const g of groups) {
      const key = `${g.countyCode ?? ""}|${g.ruleId}`;
      let row = counts.get(key);
      if (!row) {
        const rule = rules.get(g.ruleId)!;
        row = { countyCode: g.countyCode, ruleCode: rule.code, ruleNameZh: rule.nameZh, ruleNameEn: rule.nameEn, new: 0, open: 0, overdue: 0 };
        counts.set(key, row);
      }
      row[kind] = g._count._all;
    }
  }
  const rows = [...counts.values()].sort((a, b) => (a.countyCode ?? "").localeCompare(b.countyCode ?? "") || a.ruleCode.localeCompare(b.ruleCode));
  const totals = rows.reduce((t, r) => ({ new: t.new + r.new, open: t.open + r.open, overdue: t.overdue + r.overdue }), { new: 0, open: 0, overdue: 0 });
  return { period: p, rows, totals };
}

/**
 * One `alert.digest` outbox event per agency (and per county government) for a period, payload
 * { period }: the body is built per recipient when delivered (alertDigest), never stored.
 * Idempotent: a period's digest for an agency is emitted once. Returns how many it wrote.
 */
export async function emitDigests(tx: Prisma.TransactionClient, periodLabel: string): Promise<number> {
  if (!parsePeriod(periodLabel)) throw new Error(`emitDigests: "${periodLabel}" is not a day (YYYY-MM-DD), a month (YYYY-MM) or a quarter (YYYYQn)`);
  const agencies = Object.values(Agency).filter((a) => a !== "COUNTY");
  return tx.$executeRawUnsafe(
    `INSERT INTO outbox_event (id, topic, agency, county_code, payload)
     SELECT gen_random_uuid(), 'alert.digest', r.agency, r.county, jsonb_build_object('period', $1::text)
       FROM (SELECT unnest($2::text[])::"Agency" AS agency, NULL::char(6) AS county
             UNION ALL SELECT 'COUNTY'::"Agency", code FROM county WHERE NOT is_city) r
      WHERE NOT EXISTS (SELECT 1 FROM outbox_event o
                         WHERE o.topic = 'alert.digest' AND o.agency = r.agency
                           AND o.county_code IS NOT DISTINCT FROM r.county AND o.payload->>'period' = $1::text)
      ORDER BY r.agency, r.county`,
    periodLabel,
    agencies,
  );
}
