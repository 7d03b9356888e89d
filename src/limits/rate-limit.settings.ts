// Which budget applies to a principal: the defaults (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS,
// DAILY_QUOTA per day), overridden per agency and per key by RATE_LIMITS, a JSON object such as
//   {"PBOC": {"rate": 600000, "daily": 50000000}, "PBOC/dlg_ab12cd34": {"rate": 100000}}
// ("AGENCY" for every key of the agency, "AGENCY/<key prefix>" for one key). Points are the
// operations' computed cost (cost.ts), at least 1 each. 0 turns that limit off.
import type { Principal } from "../access/principal.ts";

export interface LimitOverride {
  /** points per rate-limit window */
  rate?: number;
  /** points per day (Beijing time), shared by every key of the agency; on a key's entry: that key's own */
  daily?: number;
}

export interface RateLimitSettings {
  /** points per principal (credential) per window; 0: no rate limit */
  max: number;
  windowMs: number;
  /** points per agency per day; 0: no daily quota */
  daily: number;
  prefix: string;
  overrides: Record<string, LimitOverride>;
  /** what to do while Redis does not answer: count in this process, admit everything, or refuse with 503 */
  redisDown: "memory" | "allow" | "deny";
}

/** The agency whose daily quota the principal spends: each county government has its own. */
export function agencyScope(principal: Principal): string {
  return principal.agency === "COUNTY" ? `COUNTY:${principal.countyCode ?? "?"}` : principal.agency;
}

export interface PrincipalLimits {
  rate: number;
  /** the agency's daily quota */
  agencyDaily: number;
  /** the key's own daily quota, when its entry sets one (0: none) */
  keyDaily: number;
}

export function limitsFor(settings: RateLimitSettings, principal: Principal): PrincipalLimits {
  const agency = settings.overrides[principal.agency] ?? {};
  const key = settings.overrides[`${principal.agency}/${principal.keyPrefix}`] ?? {};
  return { rate: key.rate ?? agency.rate ?? settings.max, agencyDaily: agency.daily ?? settings.daily, keyDaily: key.daily ?? 0 };
}

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;

/** Today in Beijing time (the day a daily quota counts), and the ms until it ends. */
export function quotaDay(now: number): { day: string; msLeft: number } {
  const local = now + BEIJING_MS;
  return { day: new Date(local).toISOString().slice(0, 10), msLeft: DAY_MS - (local % DAY_MS) };
}
