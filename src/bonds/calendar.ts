// "Today" for derived date fields: the China Standard Time calendar date of the request's clock
// (ctx.businessNow: the real moment, or the demo dataset's date, see src/clock.ts), so every field of
// one response agrees and a date rolls over at Beijing midnight.
import type { GraphContext } from "../context.ts";

const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3_600_000;

/** The calendar date (UTC midnight, like @db.Date columns) that `instant` falls on in Beijing. */
export function cstDate(instant: Date): Date {
  const shifted = new Date(instant.getTime() + CST_OFFSET_MS);
  return new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate()));
}

export const today = (ctx: GraphContext): Date => cstDate(ctx.businessNow);

export const addDays = (d: Date, n: number): Date => new Date(d.getTime() + n * DAY_MS);

/** Whole days from `from` to `to` (both calendar dates). */
export const daysBetween = (from: Date, to: Date): number => Math.round((to.getTime() - from.getTime()) / DAY_MS);
