// Range inputs shared by list filters: amounts and dates, both ends optional and inclusive.
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { badInput } from "../reference/places.ts";

export const DecimalRange = builder.inputType("DecimalRange", {
  description: "An inclusive range of amounts; either end may be left open.",
  fields: (t) => ({
    min: t.field({ type: "Decimal", description: "At least this much." }),
    max: t.field({ type: "Decimal", description: "At most this much." }),
  }),
});

export const DateRange = builder.inputType("DateRange", {
  description: "An inclusive range of dates; either end may be left open.",
  fields: (t) => ({
    from: t.field({ type: "Date", description: "On or after this date." }),
    to: t.field({ type: "Date", description: "On or before this date." }),
  }),
});

export function decimalRangeWhere(range: { min?: Prisma.Decimal | null; max?: Prisma.Decimal | null }, path: string): Prisma.DecimalFilter {
  if (range.min && range.max && range.min.gt(range.max)) throw badInput({ key: "argument.minAboveMax", params: { field: path } }, path, "rangeOrder");
  return { ...(range.min ? { gte: range.min } : {}), ...(range.max ? { lte: range.max } : {}) };
}

export function dateRangeWhere(range: { from?: Date | null; to?: Date | null }, path: string): Prisma.DateTimeFilter {
  if (range.from && range.to && range.from > range.to) throw badInput({ key: "argument.fromAfterTo", params: { field: path } }, path, "rangeOrder");
  return { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lte: range.to } : {}) };
}
