// When to try a failed delivery again: exponential backoff with jitter, so that receivers coming
// back after an outage are not hit by every sender at the same instant.

export interface BackoffPolicy {
  retryBaseMs: number;
  retryCapMs: number;
}

/**
 * The delay after the `attempts`-th failed attempt (1 = the first): base · 2^(attempts-1), capped,
 * then "equal jitter": half of it fixed, the other half random, so the delay never collapses to 0.
 */
export function retryDelayMs(policy: BackoffPolicy, attempts: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.retryCapMs, policy.retryBaseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 40));
  return Math.round(exp / 2 + (exp / 2) * random());
}
