// The load of bench/peers.ts: a closed loop of `clients` callers, each sending its next request as
// soon as its last answer is read, for a fixed time. HTTP goes through an undici Pool with exactly
// `clients` keep-alive connections (no pipelining), so the server sees that many concurrent
// requests. Hand-rolled rather than autocannon because every answer must be checked (a GraphQL
// error comes with HTTP 200, and a benchmark of errors measures nothing), lookups rotate their
// variables per request, and latencies are kept at sub-millisecond resolution (autocannon's
// histogram records whole milliseconds, too coarse for ~1 ms lookups).
import { Pool } from "undici";
import type pg from "pg";

export interface Round {
  requests: number;
  elapsedMs: number;
  /** one per request, ms */
  latencies: number[];
}

/** Runs `call(i)` from `clients` callers for `seconds`; i counts requests across callers. */
async function closedLoop(call: (i: number) => Promise<void>, clients: number, seconds: number): Promise<Round> {
  const latencies: number[] = [];
  let next = 0;
  let failure: unknown = null;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (failure === null && performance.now() < end) {
        const i = next++;
        const t = performance.now();
        try {
          await call(i);
        } catch (error) {
          failure ??= error;
          return;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  if (failure !== null) throw failure;
  return { requests: latencies.length, elapsedMs: performance.now() - started, latencies };
}

export interface HttpTarget {
  origin: string;
  path: string;
  headers: Record<string, string>;
  /** the JSON body of request i */
  body(i: number): string;
  /** names the system in error messages */
  name: string;
}

/** Warm-up (discarded), then a measured round, on fresh keep-alive connections. */
export async function httpRound(target: HttpTarget, clients: number, seconds: number, warmupSeconds: number, onMeasureStart?: () => Promise<void>): Promise<Round> {
  const pool = new Pool(target.origin, { connections: clients, pipelining: 1, keepAliveTimeout: 60_000 });
  const headers = { "content-type": "application/json", ...target.headers };
  const call = async (i: number) => {
    const res = await pool.request({ method: "POST", path: target.path, headers, body: target.body(i) });
    const text = await res.body.text();
    // A GraphQL error arrives with HTTP 200: look for it without parsing every answer.
    if (res.statusCode !== 200 || text.includes('"errors"')) {
      throw new Error(`${target.name}: HTTP ${res.statusCode} ${text.slice(0, 600)}`);
    }
  };
  try {
    if (warmupSeconds > 0) await closedLoop(call, clients, warmupSeconds);
    await onMeasureStart?.();
    return await closedLoop(call, clients, seconds);
  } finally {
    await pool.close();
  }
}

/** The same loop over hand-written SQL: `clients` connections of a pg pool. */
export async function sqlRound(pool: pg.Pool, text: string, params: (i: number) => unknown[], clients: number, seconds: number, warmupSeconds: number): Promise<Round> {
  const call = async (i: number) => {
    await pool.query(text, params(i));
  };
  if (warmupSeconds > 0) await closedLoop(call, clients, warmupSeconds);
  return closedLoop(call, clients, seconds);
}

/** Nearest-rank percentile of samples (ms). */
export function percentile(samples: number[], q: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
