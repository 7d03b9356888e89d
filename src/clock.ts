// The platform's business clock: the calendar date every derived "today" uses (bond notices due
// soon, overdue payments and rectifications, days to maturity, active dishonesty records, the
// notFuture rule of dated inputs). Record timestamps (createdAt, reportedAt, audit entries,
// access requests and grants, API key expiry) always use the real time.
//
// On a database seeded with demo data the seed records the dataset's as-of date (table
// demo_dataset), and the business date is that date, so the demo's due dates and overdue lists
// read as they would have on that day. CLOCK=now uses the real date instead, CLOCK=YYYY-MM-DD a
// date of one's choosing. A database that was not seeded with demo data (production) always uses
// the real clock: CLOCK=<date> is refused there at start, so no one runs production on a fake date.
import type { DbClient } from "./db/database.ts";
import { cstDate } from "./bonds/calendar.ts";

export type ClockSetting = { kind: "auto" } | { kind: "now" } | { kind: "date"; date: Date };

export interface ClockState {
  /** real: the real date; dataset: the demo dataset's as-of date; fixed: the date CLOCK names */
  mode: "real" | "dataset" | "fixed";
  /** the business date (YYYY-MM-DD) for the moment `now` */
  today(now?: Date): string;
  /**
   * A moment whose Beijing calendar date is the business date: the real moment itself on the real
   * clock, else the last millisecond of the business day in Beijing (so "not in the future"
   * accepts anything up to the end of that day).
   */
  businessNow(now: Date): Date;
  /** the demo dataset's as-of date, when the database has one */
  datasetAsOf: string | null;
}

export class ClockError extends Error {}

const iso = (d: Date): string => d.toISOString().slice(0, 10);
/** the last millisecond of calendar date `d` (UTC midnight) in Beijing, as an instant */
const endOfBeijingDay = (d: Date): Date => new Date(d.getTime() + 16 * 3_600_000 - 1);

function fixedClock(mode: "dataset" | "fixed", date: Date, datasetAsOf: string | null): ClockState {
  const end = endOfBeijingDay(date);
  return { mode, today: () => iso(date), businessNow: () => end, datasetAsOf };
}

export const REAL_CLOCK: ClockState = { mode: "real", today: (now = new Date()) => iso(cstDate(now)), businessNow: (now) => now, datasetAsOf: null };

/** The as-of date the demo seed recorded, or null for a database that holds no demo data. */
export async function datasetAsOf(prisma: DbClient): Promise<Date | null> {
  const row = await prisma.demoDataset.findUnique({ where: { id: 1 } });
  return row?.asOf ?? null;
}

/** The clock in force for this database and CLOCK setting; refuses CLOCK=<date> on a production database. */
export async function resolveClock(prisma: DbClient, setting: ClockSetting): Promise<ClockState> {
  const asOf = await datasetAsOf(prisma);
  if (asOf === null) {
    if (setting.kind === "date") {
      throw new ClockError(
        `CLOCK=${iso(setting.date)} is only for a database seeded with demo data; this database holds none, so it runs on the real clock (unset CLOCK or set CLOCK=now)`,
      );
    }
    return REAL_CLOCK;
  }
  if (setting.kind === "now") return { ...REAL_CLOCK, datasetAsOf: iso(asOf) };
  if (setting.kind === "date") return fixedClock("fixed", setting.date, iso(asOf));
  return fixedClock("dataset", asOf, iso(asOf));
}

/** What /readyz and the explorer show. */
export const describeClock = (clock: ClockState, now = new Date()) => ({ mode: clock.mode, today: clock.today(now), ...(clock.datasetAsOf ? { datasetAsOf: clock.datasetAsOf } : {}) });
