// Before anything is measured, bench/peers.ts asks each operation of every system once (the
// lookup once per USCC it rotates over), normalises the answers (peers-queries.ts) and requires
// them to be identical: same enterprises in the same order, same nested rows and values. One
// line per operation gives the row counts, so that the table is read knowing what each request
// returned.
import type pg from "pg";
import { sqlData, type OperationContext, type PeerOperation } from "./peers-queries.ts";

export interface GraphSystem {
  name: string;
  url: string;
  headers: Record<string, string>;
  query(op: PeerOperation): { query: string; variables(i: number, ctx: OperationContext): Record<string, unknown> };
}

type Json = Record<string, unknown>;

export async function graphqlData(system: GraphSystem, query: string, variables: Record<string, unknown>): Promise<Json> {
  const res = await fetch(system.url, { method: "POST", headers: { "content-type": "application/json", ...system.headers }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  let body: { data?: Json; errors?: unknown[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${system.name}: HTTP ${res.status}, not JSON: ${text.slice(0, 300)}`);
  }
  if (res.status !== 200 || body.errors || !body.data) throw new Error(`${system.name}: HTTP ${res.status} ${JSON.stringify(body.errors ?? body).slice(0, 800)}`);
  return body.data;
}

/** The first place two JSON values differ, as a path and both values. */
export function firstDifference(a: unknown, b: unknown, path = ""): string | null {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return `${path}: lengths ${a.length} vs ${b.length}`;
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference((a as Json)[k], (b as Json)[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return `${path || "(root)"}: ${JSON.stringify(a)?.slice(0, 200)} vs ${JSON.stringify(b)?.slice(0, 200)}`;
}

export interface Verified {
  op: PeerOperation["key"];
  counts: Record<string, number>;
  requests: number;
  line: string;
}

/** Asks `op` of every system (and the SQL), requires identical shapes, returns the counts line. */
export async function verifyOperation(op: PeerOperation, systems: GraphSystem[], sql: pg.Pool, ctx: OperationContext): Promise<Verified> {
  // The lookup rotates over every USCC; the others ask the same thing each time.
  const requests = op.key === "lookup" ? ctx.usccs.length : 1;
  const shapes = new Map<string, unknown[]>();
  for (const system of systems) {
    const q = system.query(op);
    const out: unknown[] = [];
    for (let i = 0; i < requests; i++) out.push(op.shape(await graphqlData(system, q.query, q.variables(i, ctx))));
    shapes.set(system.name, out);
  }
  const raw: unknown[] = [];
  for (let i = 0; i < requests; i++) raw.push(op.shape(sqlData(op, (await sql.query(op.sql.text, op.sql.params(i, ctx))).rows)));
  shapes.set("raw SQL", raw);

  const [reference, ...others] = [...shapes.entries()];
  for (const [name, shape] of others) {
    const d = firstDifference(reference![1], shape);
    if (d) throw new Error(`${op.label}: ${reference![0]} and ${name} return different rows, at ${d}`);
  }
  const counts: Record<string, number> = {};
  for (const s of reference![1]) for (const [k, v] of Object.entries(op.counts(s))) counts[k] = (counts[k] ?? 0) + v;
  if (!counts.enterprises) throw new Error(`${op.label}: no enterprise returned; nothing to compare`);
  const what = Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(", ");
  const per = requests > 1 ? ` over ${requests} requests` : " per request";
  return { op: op.key, counts, requests, line: `${op.key}: ${what}${per}; identical in ${[...shapes.keys()].join(", ")}` };
}
