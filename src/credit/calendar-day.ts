// The calendar day in China (UTC+8) of an instant, as a UTC-midnight Date like Prisma's @db.Date
// columns. "Today" for expiry and validity is China's day, whatever the server's time zone.
const CHINA_OFFSET_MS = 8 * 3_600_000;

export function chinaDay(instant: Date): Date {
  const shifted = new Date(instant.getTime() + CHINA_OFFSET_MS);
  return new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate()));
}

export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
