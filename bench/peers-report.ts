// The tables of bench/results/peers-latest.md, from the cells bench/peers.ts measured.
import { percentile, type Round } from "./peers-load.ts";
import type { StatementRuns } from "./peers-postgres.ts";

export type SystemKey = "project" | "postgraphile" | "unenforced" | "raw";

export const SYSTEM_LABELS: Record<SystemKey, string> = {
  project: "project (production, enforcement on)",
  postgraphile: "PostGraphile 5",
  unenforced: "project, ACCESS_ENFORCEMENT=off",
  raw: "raw SQL (pg)",
};

export interface MeasuredRound extends Round {
  /** SQL statements PostgreSQL counted for this system during the round (null: not counted) */
  statements: number | null;
  /** CPU ms of the server's process tree (null for raw SQL) */
  serverCpuMs: number | null;
  /** CPU ms of PostgreSQL's processes (NaN when the server is not ours) */
  postgresCpuMs: number;
  /** CPU ms of this process (the load generator) */
  loadCpuMs: number;
  topStatements?: StatementRuns[];
}

export interface Cell {
  system: SystemKey;
  op: string;
  clients: number;
  rounds: MeasuredRound[];
}

export interface Summary {
  system: SystemKey;
  op: string;
  clients: number;
  requests: number;
  p50: number;
  p99: number;
  rps: number;
  statementsPerRequest: number | null;
  serverCpuMsPerRequest: number | null;
  postgresCpuMsPerRequest: number | null;
  loadCpuMsPerRequest: number;
  roundP50s: number[];
  roundRps: number[];
  /** per request, over all rounds, most frequent first: each statement's runs and PostgreSQL's execution and planning ms */
  topStatements?: Array<{ query: string; perRequest: number; execMsPerRequest: number; planMsPerRequest: number }>;
}

/** The statements of all rounds, added up per statement text (pg_stat_statements' normalised query). */
function statementsOf(rounds: MeasuredRound[]): StatementRuns[] | undefined {
  if (!rounds.some((r) => r.topStatements)) return undefined;
  const byQuery = new Map<string, StatementRuns>();
  for (const t of rounds.flatMap((r) => r.topStatements ?? [])) {
    const sum = byQuery.get(t.query) ?? { query: t.query, calls: 0, execMs: 0, planMs: 0 };
    byQuery.set(t.query, { query: t.query, calls: sum.calls + t.calls, execMs: sum.execMs + t.execMs, planMs: sum.planMs + t.planMs });
  }
  return [...byQuery.values()].sort((a, b) => b.calls - a.calls);
}

const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function summarise(cell: Cell): Summary {
  const rounds = cell.rounds;
  const requests = total(rounds.map((r) => r.requests));
  const perRequest = (values: Array<number | null>) => (values.some((v) => v === null || Number.isNaN(v)) ? null : total(values as number[]) / requests);
  const statements = statementsOf(rounds);
  return {
    system: cell.system,
    op: cell.op,
    clients: cell.clients,
    requests,
    // All rounds' samples together: each round weighs by the requests it served.
    p50: percentile(rounds.flatMap((r) => r.latencies), 0.5),
    p99: percentile(rounds.flatMap((r) => r.latencies), 0.99),
    rps: requests / (total(rounds.map((r) => r.elapsedMs)) / 1000),
    statementsPerRequest: perRequest(rounds.map((r) => r.statements)),
    serverCpuMsPerRequest: perRequest(rounds.map((r) => r.serverCpuMs)),
    postgresCpuMsPerRequest: perRequest(rounds.map((r) => r.postgresCpuMs)),
    loadCpuMsPerRequest: total(rounds.map((r) => r.loadCpuMs)) / requests,
    roundP50s: rounds.map((r) => round(percentile(r.latencies, 0.5), 3)),
    roundRps: rounds.map((r) => round(r.requests / (r.elapsedMs / 1000), 1)),
    ...(statements
      ? { topStatements: statements.slice(0, 12).map((t) => ({ query: t.query, perRequest: round(t.calls / requests, 2), execMsPerRequest: round(t.execMs / requests, 4), planMsPerRequest: round(t.planMs / requests, 4) })) }
      : {}),
  };
}

const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;

/** ms with the precision that matters at that size */
export const ms = (n: number | null | undefined) => (n === null || n === undefined || Number.isNaN(n) ? "–" : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));
const count = (n: number | null | undefined, d = 1) => (n === null || n === undefined || Number.isNaN(n) ? "–" : n.toFixed(d));
const pair = (a: string, b: string) => `${a} / ${b}`;

export function peersTable(summaries: Summary[], ops: Array<{ key: string; label: string }>, clients: number[]): string {
  const get = (system: SystemKey, op: string, c: number) => summaries.find((s) => s.system === system && s.op === op && s.clients === c);
  const head = [
    "| query | clients | project p50 ms | project p99 ms | project rps | PostGraphile p50 ms | p99 ms | rps | raw SQL p50 ms | p50 project ÷ PostGraphile | statements/req project / PG | server CPU ms/req project / PG | PostgreSQL CPU ms/req project / PG |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  const lines: string[] = [];
  for (const op of ops) {
    for (const c of clients) {
      const a = get("project", op.key, c);
      const b = get("postgraphile", op.key, c);
      const r = get("raw", op.key, c);
      if (!a && !b) continue;
      lines.push(
        `| ${op.label} | ${c} | ${ms(a?.p50)} | ${ms(a?.p99)} | ${count(a?.rps, 0)} | ${ms(b?.p50)} | ${ms(b?.p99)} | ${count(b?.rps, 0)} | ${ms(r?.p50)} | ${a && b ? `${(a.p50 / b.p50).toFixed(2)}×` : "–"} | ${pair(count(a?.statementsPerRequest), count(b?.statementsPerRequest))} | ${pair(ms(a?.serverCpuMsPerRequest), ms(b?.serverCpuMsPerRequest))} | ${pair(ms(a?.postgresCpuMsPerRequest), ms(b?.postgresCpuMsPerRequest))} |`,
      );
    }
  }
  return [...head, ...lines].join("\n");
}

/**
 * Where PostgreSQL's time per request goes, statement by statement (pg_stat_statements' execution
 * and planning time; what the CPU column adds beyond it is the backends' protocol work, the WAL
 * writer's flushes and the other background processes).
 */
export function statementTimeTable(summaries: Summary[], ops: Array<{ key: string; label: string }>, clients: number[]): string {
  const c = Math.max(...clients);
  const lines: string[] = [];
  for (const op of ops) {
    for (const system of ["project", "postgraphile"] as const) {
      const s = summaries.find((x) => x.system === system && x.op === op.key && x.clients === c);
      for (const t of s?.topStatements ?? []) {
        if (t.perRequest < 0.01) continue;
        const text = t.query.length > 90 ? `${t.query.slice(0, 90)}…` : t.query;
        lines.push(`| ${op.key} | ${SYSTEM_LABELS[system]} | \`${text.replace(/\|/g, "\\|").replace(/`/g, "'")}\` | ${t.perRequest.toFixed(2)} | ${(t.execMsPerRequest * 1000).toFixed(0)} | ${(t.planMsPerRequest * 1000).toFixed(0)} |`);
      }
    }
  }
  if (!lines.length) return "";
  return [`PostgreSQL's time per request by statement, ${c} clients (pg_stat_statements: execution and planning, µs per request):`, "", "| query | system | statement | runs/req | exec µs/req | plan µs/req |", "|---|---|---|---|---|---|", ...lines].join("\n");
}

export function enforcementTable(summaries: Summary[], ops: Array<{ key: string; label: string }>, clients: number[]): string {
  const get = (system: SystemKey, op: string, c: number) => summaries.find((s) => s.system === system && s.op === op && s.clients === c);
  const head = [
    "| query | clients | enforced p50 ms | unenforced p50 ms | enforcement, % of enforced p50 | unenforced p99 ms | rps enforced / unenforced | statements/req enforced / unenforced | server CPU ms/req enforced / unenforced |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  const lines: string[] = [];
  for (const op of ops) {
    for (const c of clients) {
      const on = get("project", op.key, c);
      const off = get("unenforced", op.key, c);
      if (!on || !off) continue;
      const share = ((on.p50 - off.p50) / on.p50) * 100;
      lines.push(
        `| ${op.label} | ${c} | ${ms(on.p50)} | ${ms(off.p50)} | ${share.toFixed(0)}% | ${ms(off.p99)} | ${pair(count(on.rps, 0), count(off.rps, 0))} | ${pair(count(on.statementsPerRequest), count(off.statementsPerRequest))} | ${pair(ms(on.serverCpuMsPerRequest), ms(off.serverCpuMsPerRequest))} |`,
      );
    }
  }
  return lines.length ? [...head, ...lines].join("\n") : "";
}
