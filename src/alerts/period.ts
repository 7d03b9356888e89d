// Digest periods: a day (2018-12-31), a month (2018-12) or a quarter (2018Q4), as an inclusive
// range of business dates.
export interface DigestPeriod {
  label: string;
  /** first and last day, YYYY-MM-DD, inclusive */
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, "0");
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The period a label names, or null when it names none. */
export function parsePeriod(label: string): DigestPeriod | null {
  let m = /^(\d{4})Q([1-4])$/.exec(label);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return { label, from: `${y}-${pad(q * 3 - 2)}-01`, to: `${y}-${pad(q * 3)}-${pad(lastDay(y, q * 3))}` };
  }
  m = /^(\d{4})-(\d{2})$/.exec(label);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return { label, from: `${label}-01`, to: `${label}-${pad(lastDay(y, mo))}` };
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(label);
  if (m) {
    const d = new Date(`${label}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === label) return { label, from: label, to: label };
  }
  return null;
}
