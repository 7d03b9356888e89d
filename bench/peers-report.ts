// The tables of bench/results/peers-latest.md, from the cells bench/peers.ts measured.
import { percentile, type Round } from "./peers-load.ts";

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
  topStatements?: Array<{ query: string; calls: number }>;
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
  /** statements per request of the last round, most frequent first */
  topStatements?: Array<{ query: string; perRequest: number }>;
}

const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function summarise(cell: Cell): Summary {
  const rounds = cell.rounds;
  const requests = total(rounds.map((r) => r.requests));
  const perRequest = (values: Array<number | null>) => (values.some((v) => v === null || Number.isNaN(v)) ? null : total(values as number[]) / requests);
  const last = rounds.at(-1);
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
    ...(last?.topStatements ? { topStatements: last.topStatements.slice(0, 12).map((t) => ({ query: t.query, perRequest: round(t.calls / last.requests, 2) })) } : {}),
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
