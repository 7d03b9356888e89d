// Quarter ends, as the regulators' reporting periods fall.

/** 03-31, 06-30, 09-30 or 12-31. */
export const isQuarterEnd = (d: Date): boolean => {
  const next = new Date(d.getTime() + 86_400_000);
  return next.getUTCDate() === 1 && next.getUTCMonth() % 3 === 0;
};
