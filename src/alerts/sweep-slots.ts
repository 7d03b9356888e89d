// When sweeps are due, in Beijing time (the plan's agencies work on it): every day at the
// configured time, and, when asked, at 00:05 on the first day of each quarter (the day the
// quarter-end rules, such as a missing quarterly progress report, first hold). Slots are named
// by the real Beijing date so that each runs once, even on a demo database whose business date
// (src/clock.ts) stands still. And which digest period a business date closes.
import { cstDate } from "../bonds/calendar.ts";

export type DigestKind = "day" | "month" | "quarter";

export interface Slot {
  /** the alert_sweep row's key */
  key: string;
  /** when it became due */
  at: Date;
}

const BEIJING_MS = 8 * 3_600_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);
/** the instant of Beijing wall-clock time `hhmm` on calendar date `day` (UTC midnight) */
const beijing = (day: Date, hhmm: string) => new Date(day.getTime() + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000 - BEIJING_MS);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);
const quarterOf = (d: Date) => `${d.getUTCFullYear()}Q${Math.floor(d.getUTCMonth() / 3) + 1}`;

/** The latest slots due at `now` (at most one daily and one quarterly): each is run unless it has been. */
export function dueSlots(now: Date, sweepAt: string | null, atQuarterEnd: boolean): Slot[] {
  const slots: Slot[] = [];
  const today = cstDate(now);
  if (sweepAt) {
    let day = today;
    if (beijing(day, sweepAt) > now) day = addDays(day, -1);
    slots.push({ key: `daily:${iso(day)}`, at: beijing(day, sweepAt) });
  }
  if (atQuarterEnd) {
    let first = new Date(Date.UTC(today.getUTCFullYear(), Math.floor(today.getUTCMonth() / 3) * 3, 1));
    if (beijing(first, "00:05") > now) first = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() - 3, 1));
    // Named by the quarter that ended.
    slots.push({ key: `quarter:${quarterOf(addDays(first, -1))}`, at: beijing(first, "00:05") });
  }
  return slots;
}

/** The next instant at which a slot falls due after `now` (the scheduler sleeps until then). */
export function nextSlotAt(now: Date, sweepAt: string | null, atQuarterEnd: boolean): Date | null {
  const candidates: Date[] = [];
  const today = cstDate(now);
  if (sweepAt) for (const d of [0, 1]) candidates.push(beijing(addDays(today, d), sweepAt));
  if (atQuarterEnd) {
    const q = Math.floor(today.getUTCMonth() / 3) * 3;
    candidates.push(beijing(new Date(Date.UTC(today.getUTCFullYear(), q + 3, 1)), "00:05"));
  }
  return candidates.filter((c) => c > now).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The digest period that has ended by the start of business date `date`: the period containing
 * the day before the first day of `date`'s own period. (2018-12-31, month → 2018-11; 2019-01-01,
 * quarter → 2018Q4; 2018-12-31, day → 2018-12-30.)
 */
export function endedPeriod(date: string, kind: DigestKind): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (kind === "day") return iso(addDays(d, -1));
  const months = kind === "month" ? 1 : 3;
  const first = new Date(Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / months) * months, 1));
  const last = addDays(first, -1);
  return kind === "month" ? `${last.getUTCFullYear()}-${pad(last.getUTCMonth() + 1)}` : quarterOf(last);
}
