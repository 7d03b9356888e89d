// Serialises a database row to JSON and back without losing its types (decimals stay exact,
// dates stay dates), for change history and idempotent replays.
import { Prisma } from "../generated/prisma/client.ts";

export function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Prisma.Decimal.isDecimal(value)) return { $decimal: (value as Prisma.Decimal).toFixed() };
  if (typeof value === "bigint") return { $bigint: value.toString() };
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  return value;
}

export function fromJsonValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJsonValue);
  if (value && typeof value === "object") {
    const tagged = value as Record<string, string>;
    if ("$date" in tagged) return new Date(tagged.$date!);
    if ("$decimal" in tagged) return new Prisma.Decimal(tagged.$decimal!);
    if ("$bigint" in tagged) return BigInt(tagged.$bigint!);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromJsonValue(v)]));
  }
  return value;
}

/** A value as people read it in a history entry: decimals and dates as strings. */
export function plainValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Prisma.Decimal.isDecimal(value)) return (value as Prisma.Decimal).toFixed();
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(plainValue);
  return value ?? null;
}
