// Date arithmetic for derived fields: "today" is the calendar date in China (UTC+8) at the
// request's clock, and calendar dates are UTC midnights, as Prisma reads @db.Date columns.
const DAY_MS = 86_400_000;

export function todayInChina(now: Date): Date {
  const shifted = new Date(now.getTime() + 8 * 3_600_000);
  return new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate()));
}

export const daysBetween = (from: Date, to: Date): number => Math.round((to.getTime() - from.getTime()) / DAY_MS);

/** Adds whole years; 29 February falls back to 28 February in common years. */
export function addYears(d: Date, years: number): Date {
  const y = d.getUTCFullYear() + years;
  const last = new Date(Date.UTC(y, d.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, d.getUTCMonth(), Math.min(d.getUTCDate(), last)));
}

/**
 * The annual payments of a term still due after `today`: one falls on each anniversary of the
 * start, the last at the end of the term.
 */
export function paymentsRemaining(start: Date, termYears: number, today: Date): number {
  let due = 0;
  for (let k = 1; k <= termYears; k++) if (addYears(start, k) > today) due++;
  return due;
}
