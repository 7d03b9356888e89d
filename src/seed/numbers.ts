// Decimal columns are written as strings: Prisma passes them through exactly, so nothing depends
// on how a float would have been rounded on the way into NUMERIC.

/** yuan with two decimals */
export const yuan = (v: number): string => (Math.round(v * 100) / 100).toFixed(2);

/** yuan rounded to a multiple of `unit` (contracts are signed in round sums) */
export const roundYuan = (v: number, unit: number): string => (Math.max(1, Math.round(v / unit)) * unit).toFixed(2);

/** a ratio or multiple with the six decimals of Decimal(12, 6) */
export const ratio = (v: number): string => (Math.round(v * 1e6) / 1e6).toFixed(6);

/** a rate rounded to basis-point steps of `step` (e.g. 0.0005), as a Decimal(12, 6) string */
export const rate = (v: number, step = 0.0001): string => ratio(Math.round(v / step) * step);

export const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** Entity count for a scale: never below `floor`, so tiny scales still show every feature. */
export const scaled = (base: number, scale: number, floor: number): number => Math.max(floor, Math.round(base * scale));

/** zero-padded decimal */
export const pad = (n: number, width: number): string => String(n).padStart(width, "0");
