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

/**
 * The dataset date: the end of the plan period (实施方案 2016–2018), so the seed's dated checks
 * (bank leverage ≥ 4% by end-2016, NPL below the national average and the direct-financing goals
 * by end-2018) can all be run on the demo. A database seeded with demo data records it, and the
 * server's business "today" is this date unless CLOCK says otherwise (src/clock.ts).
 */
export const AS_OF = day(2018, 12, 31);
/** The first quarter-end of the history: the quarter before the plan starts (2015Q4). */
export const HISTORY_START = day(2015, 12, 31);
/** The 2015 Budget Law (预算法, in force 2015-01-01): new direct debt only as government bonds. */
export const BUDGET_LAW = day(2015, 1, 1);

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

/** The thirteen reporting quarters of institution indicators: 2015-12-31 … 2018-12-31. */
export const INDICATOR_QUARTERS = quarterEnds(HISTORY_START, AS_OF);
/** The months of the monthly top-10 lists (first day of each month): 2016-01 … 2018-12. */
export const TOP_LIST_MONTHS = Array.from({ length: 36 }, (_, i) => addMonths(day(2016, 1, 1), i));
/** The year-ends of the annual statements: 2015 … 2018. */
export const STATEMENT_YEARS = [2015, 2016, 2017, 2018] as const;
/** The quarters of the plan's progress reporting: 2016-03-31 … 2018-12-31. */
export const PLAN_QUARTERS = quarterEnds(day(2016, 3, 31), day(2018, 12, 31));

/** The moment the demo world is observed: the evening of AS_OF. Nothing is reported after it. */
export const SNAPSHOT = beijing(AS_OF, 18);

export const notAfterSnapshot = (d: Date): Date => minDate(d, SNAPSHOT);
