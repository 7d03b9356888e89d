// Validation rules the debt writes add to the shared ones (src/writes/rules.ts).
import { z } from "zod";
import { Prisma } from "../generated/prisma/client.ts";

const decimal = z.custom<Prisma.Decimal>((v) => Prisma.Decimal.isDecimal(v), { message: "must be a decimal number" });

/** Money that must be more than zero (a loan or guarantee of nothing is a mistake), at most two decimals. */
export const positiveMoney = decimal
  .refine((d) => d.gt(0), { message: "must be more than zero", params: { rule: "positive" } })
  .refine((d) => d.decimalPlaces() <= 2, { message: "must have at most two decimals (fen)", params: { rule: "moneyScale" } });

/** Refinement: `later` must be strictly after `earlier` (a period of at least one day). */
export function strictlyAfter<T extends Record<string, unknown>>(earlier: keyof T & string, later: keyof T & string) {
  return (value: T, ctx: z.RefinementCtx) => {
    const a = value[earlier];
    const b = value[later];
    if (a instanceof Date && b instanceof Date && b <= a) {
      ctx.addIssue({ code: "custom", path: [later], message: `must be after ${earlier}`, params: { rule: "dateOrder", key: "dateOrder.after", earlier } });
    }
  };
}

/** A contract or plan number: printable, no surrounding spaces, at most 64 characters. */
export const documentNo = z
  .string()
  .min(1, { message: "must not be empty" })
  .max(64, { message: "must be at most 64 characters" })
  .regex(/^[^\s].*[^\s]$|^[^\s]$/, { message: "must not start or end with spaces" });

export const expectedVersion = z.number().int().min(1, { message: "must be 1 or more" }).nullish();
