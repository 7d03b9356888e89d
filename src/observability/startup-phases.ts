// Where a start spends its time, for the "ready" log line: each phase's milliseconds, measured
// from the process's own start (performance.now() counts from it), so the time Node takes to load
// the modules before main.ts runs is counted too. An operator sizing a restart (or a health check's
// grace period) reads the slow phase here instead of guessing.
const phases: Record<string, number> = {};
let last = 0;

/** Closes the phase that ran since the previous mark (or since the process started). */
export function markPhase(name: string): void {
  const now = performance.now();
  phases[name] = Math.round(now - last);
  last = now;
}

export const startupPhases = (): Readonly<Record<string, number>> => ({ ...phases });
