// Reply deadlines count working days (工作日): Monday to Friday in China Standard Time.
// Public holidays and make-up working days (调休) are not modelled; the deadline is then a day or two
// early around holidays, which errs towards flagging a request overdue sooner.

const CST = 8 * 3600 * 1000;

/** The instant `days` working days after `from` (same time of day, CST weekdays). */
export function addWorkingDays(from: Date, days: number): Date {
  const t = new Date(from.getTime() + CST);
  let left = days;
  while (left > 0) {
    t.setUTCDate(t.getUTCDate() + 1);
    const dow = t.getUTCDay();
    if (dow !== 0 && dow !== 6) left--;
  }
  return new Date(t.getTime() - CST);
}
