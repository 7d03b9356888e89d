// Fixed dates of the demo world. Nothing here reads the clock: the data describes the city as of
// AS_OF whenever it is generated, which is what makes two runs byte-identical.

const DAY_MS = 86_400_000;

/** A calendar date (UTC midnight), the way Prisma writes @db.Date columns. */
export function day(year: number, month: number, date: number): Date {
  return new Date(Date.UTC(year, month - 1, date));
}

/** A moment in Beijing time (UTC+8) stored as the UTC instant. */
export function beijing(d: Date, hour: number, minute = 0): Date {
  return new Date(d.getTime() + (hour - 8) * 3_600_000 + minute * 60_000);
}

export const AS_OF = day(2026, 9, 30);

export const addDays = (d: Date, n: number): Date => new Date(d.getTime() + n * DAY_MS);

/** Adds calendar months, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(d: Date, n: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + n;
  const target = new Date(Date.UTC(y, m, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d.getUTCDate(), last)));
}

export const addYears = (d: Date, n: number): Date => addMonths(d, 12 * n);

export const daysBetween = (from: Date, to: Date): number => Math.round((to.getTime() - from.getTime()) / DAY_MS);

export const minDate = (a: Date, b: Date): Date => (a.getTime() <= b.getTime() ? a : b);
export const maxDate = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b);

/** The last day of the month that `d` falls in. */
export const monthEnd = (d: Date): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));

/** Quarter-end dates from the quarter containing `from` through the one containing `to`. */
export function quarterEnds(from: Date, to: Date): Date[] {
  const out: Date[] = [];
  let q = new Date(Date.UTC(from.getUTCFullYear(), Math.floor(from.getUTCMonth() / 3) * 3 + 3, 0));
  while (q.getTime() <= to.getTime()) {
    out.push(q);
    q = new Date(Date.UTC(q.getUTCFullYear(), q.getUTCMonth() + 4, 0));
  }
  return out;
}

/** A uniformly drawn calendar date in [from, to]. */
export function dateBetween(rng: { int(min: number, max: number): number }, from: Date, to: Date): Date {
  return addDays(from, rng.int(0, Math.max(0, daysBetween(from, to))));
}

export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);
export const yearOf = (d: Date): number => d.getUTCFullYear();

/** The eight reporting quarters of institution indicators: 2024-12-31 … 2026-09-30. */
export const INDICATOR_QUARTERS = quarterEnds(day(2024, 12, 31), AS_OF);
/** The months of the monthly top-10 lists (first day of each month): 2025-10 … 2026-09. */
export const TOP_LIST_MONTHS = Array.from({ length: 12 }, (_, i) => addMonths(day(2025, 10, 1), i));
/** The quarters of the plan's progress reporting: 2016-03-31 … 2018-12-31. */
export const PLAN_QUARTERS = quarterEnds(day(2016, 3, 31), day(2018, 12, 31));

/** The moment the demo world is observed: the evening of AS_OF. Nothing is reported after it. */
export const SNAPSHOT = beijing(AS_OF, 18);

export const notAfterSnapshot = (d: Date): Date => minDate(d, SNAPSHOT);
