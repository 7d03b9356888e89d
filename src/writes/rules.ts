// The validation rules writes share, as zod schemas. Each custom rule names itself in
// `params.rule`, which ValidationError reports next to the field path.
import { z } from "zod";
import { Prisma } from "../generated/prisma/client.ts";
import { checkUscc } from "../enterprise/uscc.ts";
import type { FieldIssue } from "./errors.ts";
import { ValidationError } from "./errors.ts";
import { hasMessage, t, type MessageKey, type MessageParams } from "../i18n/index.ts";

const decimal = z.custom<Prisma.Decimal>((v) => Prisma.Decimal.isDecimal(v), { message: "must be a decimal number" });

/** Money in yuan: not negative, at most two decimals (分). */
export const money = decimal
  .refine((d) => d.gte(0), { message: "must not be negative", params: { rule: "nonNegative" } })
  .refine((d) => d.decimalPlaces() <= 2, { message: "must have at most two decimals (fen)", params: { rule: "moneyScale" } });

/** A ratio as a fraction within [min, max] (default 0–1). */
export const ratio = (min = 0, max = 1) =>
  decimal.refine((d) => d.gte(min) && d.lte(max), { message: `must be between ${min} and ${max} (a fraction: 0.045 = 4.5%)`, params: { rule: "range", min, max } });

export const uscc = z.string().superRefine((code, ctx) => {
  const problem = checkUscc(code);
  if (problem) ctx.addIssue({ code: "custom", message: problem.message, params: { rule: `uscc.${problem.rule}`, ...problem.params } });
});

export const text = (max = 500) =>
  z
    .string()
    .trim()
    .min(1, { message: "must not be empty" })
    .max(max, { message: `must be at most ${max} characters` });

export const date = z.date({ message: "must be a date" });

/** Refinement for an object: `later` must not be before `earlier`. */
export function datesInOrder<T extends Record<string, unknown>>(earlier: keyof T & string, later: keyof T & string) {
  return (value: T, ctx: z.RefinementCtx) => {
    const a = value[earlier];
    const b = value[later];
    if (a instanceof Date && b instanceof Date && b < a) {
      ctx.addIssue({ code: "custom", path: [later], message: `must not be before ${earlier}`, params: { rule: "dateOrder", earlier } });
    }
  };
}

/** Parses `input` with `schema`; all problems, plus `extra` ones (e.g. missing references), in one ValidationError. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, basePath: (string | number)[] = ["input"]): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw ValidationError.fromZod(result.error, basePath);
  return result.data;
}

/** Collects issues from several checks and throws them together, if any. */
export class IssueCollector {
  readonly issues: FieldIssue[] = [];

  /** An issue with its message as written (English), or with a catalogue key: `add(path, rule, key, params)`. */
  add(path: (string | number)[], rule: string, message: string | MessageKey, params?: MessageParams): void {
    if (hasMessage(message)) this.issues.push({ path, rule, message: t("en", message, params), key: message, ...(params ? { params } : {}) });
    else this.issues.push({ path, rule, message, ...(params ? { params } : {}) });
  }

  /** Runs a zod parse and records its issues instead of throwing; returns the data or null. */
  parse<S extends z.ZodType>(schema: S, input: unknown, basePath: (string | number)[]): z.output<S> | null {
    const result = schema.safeParse(input);
    if (result.success) return result.data;
    this.issues.push(...ValidationError.fromZod(result.error, basePath).issues);
    return null;
  }

  throwIfAny(): void {
    if (this.issues.length) throw new ValidationError(this.issues);
  }
}
