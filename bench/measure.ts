// Latency, throughput and event-loop lag measurement helpers.
import { monitorEventLoopDelay } from "node:perf_hooks";

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  mean: number;
}

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { n: s.length, p50: at(0.5), p95: at(0.95), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

/** Runs `fn` sequentially: `warmup` discarded runs, then `runs` timed ones (ms). */
export async function latency(fn: (i: number) => Promise<unknown>, runs: number, warmup: number): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return stats(samples);
}

/** Operations per second with `concurrency` callers for `seconds`. */
export async function throughput(fn: (i: number) => Promise<unknown>, concurrency: number, seconds: number): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await fn(i++);
        done++;
      }
    }),
  );
  return done / seconds;
}

/** Measures event-loop delay while `fn` runs: p99 and max, in ms. */
export async function withLoopLag<T>(fn: () => Promise<T>): Promise<{ result: T; lagP99: number; lagMax: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const result = await fn();
  h.disable();
  return { result, lagP99: h.percentile(99) / 1e6, lagMax: h.max / 1e6 };
}
