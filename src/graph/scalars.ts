// Scalars for money, rates and dates. Money travels as a decimal string so no client rounds
// yuan through a float; dates without a time of day travel as YYYY-MM-DD.
import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { Prisma } from "../generated/prisma/client.ts";
import { t } from "../i18n/index.ts";

const DECIMAL_PATTERN = /^-?\d{1,18}(\.\d{1,6})?$/;

function parseDecimal(value: unknown): Prisma.Decimal {
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== "string" || !DECIMAL_PATTERN.test(text)) {
    throw new GraphQLError(t("en", "scalar.decimal"));
  }
  return new Prisma.Decimal(text);
}

export const Decimal = new GraphQLScalarType<Prisma.Decimal, string>({
  name: "Decimal",
  description:
    "An exact decimal number as a string. Money is in yuan (元) with two decimals; rates and ratios are fractions (\"0.045\" = 4.5%).",
  serialize: (value) => (Prisma.Decimal.isDecimal(value) ? (value as Prisma.Decimal) : new Prisma.Decimal(value as string | number)).toFixed(),
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parseDecimal(ast.value);
    throw new GraphQLError(t("en", "scalar.decimalLiteral"));
  },
});

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether year-month-day names a real calendar day (JavaScript's Date rolls 30 February over to March). */
function isCalendarDay(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  return Boolean(match) && new Date(Date.UTC(+match![1]!, +match![2]! - 1, +match![3]!)).toISOString().slice(0, 10) === text;
}

function parseCalendarDate(value: unknown): Date {
  if (typeof value !== "string" || !isCalendarDay(value)) {
    throw new GraphQLError(t("en", "scalar.date"));
  }
  return new Date(`${value}T00:00:00.000Z`);
}

export const CalendarDate = new GraphQLScalarType<Date, string>({
  name: "Date",
  description: "A calendar date without time of day, YYYY-MM-DD (China Standard Time calendar).",
  serialize: (value) => (value as Date).toISOString().slice(0, 10),
  parseValue: parseCalendarDate,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING) return parseCalendarDate(ast.value);
    throw new GraphQLError(t("en", "scalar.dateLiteral"));
  },
});

// An instant: date, time (seconds and fraction optional) and, always, its zone: Z or ±hh:mm. A
// timestamp without a zone would be read in the server's own zone, which no client can know.
const DATE_TIME_PATTERN = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
// The scalars' messages are catalogue entries (parts/graphql.ts): English here, and rendered in the
// request's language where graphql-js quotes them ("Variable "$x" got invalid value …; <this>").
const DATE_TIME_RULE = t("en", "scalar.dateTime");

function parseDateTime(value: unknown): Date {
  const match = typeof value === "string" ? DATE_TIME_PATTERN.exec(value) : null;
  const date = match && isCalendarDay(match[1]!) ? new Date(value as string) : null;
  if (!date || Number.isNaN(date.getTime())) throw new GraphQLError(DATE_TIME_RULE);
  return date;
}

export const DateTime = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  description: "An instant, ISO-8601. Answers are in UTC, e.g. 2026-09-30T00:00:00.000Z; inputs must state their zone (Z or ±hh:mm), e.g. 2026-09-30T08:00:00+08:00.",
  serialize: (value) => (value instanceof Date ? value : new Date(value as string)).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING) return parseDateTime(ast.value);
    throw new GraphQLError(DATE_TIME_RULE);
  },
});
