// What a shipped rule is: the columns of its risk_rule row (its numbers are data, editable at run
// time) plus its SQL (code). The SQL returns the subjects for which the condition holds now; the
// evaluator (../evaluate.ts) turns that set into raised, changed and auto-resolved alerts.
import { Prisma, type Agency, type AlertSeverity, type RuleTrigger } from "../../generated/prisma/client.ts";
import type { z } from "zod";
import type { ResourceName } from "../../access/policy/matrix.ts";

/** What a rule's SQL is given: its parameters (validated), the business date, the subjects (incremental). */
export interface RuleInput<P> {
  params: P;
  /** 'YYYY-MM-DD' */
  businessDate: string;
  /** subject ids to re-evaluate, or null for all (a sweep) */
  subjects: number[] | null;
}

/**
 * Maps rows of one watched table to the subjects they affect: a SELECT of one int column
 * `subject_id`, given the touched row ids as the int[] parameter `ids`.
 */
export type DirtyMapper = (ids: Prisma.Sql) => Prisma.Sql;

export interface RuleDefinition<P = Record<string, unknown>> {
  code: string;
  nameZh: string;
  nameEn: string;
  clause: string;
  legalSource: string;
  severity: AlertSeverity;
  parameters: P;
  parametersSchema: z.ZodType<P>;
  /** the units of the clause's brackets (as principals) that have a path to every resource below */
  responsibleAgencies: Agency[];
  resources: ResourceName[];
  subjectType: string;
  triggers: RuleTrigger[];
  ackWorkingDays: number;
  disposeWorkingDays: number;
  /** the tables the SQL reads (snake_case): a write to one of them may change the outcome */
  watches: string[];
  /**
   * The SELECT of the subjects the condition holds for, one row per (subject, period), columns:
   * subject_id int, subject_key text, subject_name text, county_code text (null: city level),
   * period text, evidence jsonb (an array of evidence items, see evidenceItem).
   */
  candidates(input: RuleInput<P>): Prisma.Sql;
  /** for WRITE rules: each watched table's rows → subjects (a table absent here: every subject of the rule) */
  dirty: Partial<Record<string, DirtyMapper>>;
}

/** Identity for type inference of a rule's parameters. */
export const defineRule = <P>(rule: RuleDefinition<P>): RuleDefinition<P> => rule;

/**
 * One evidence item as SQL: `{ field: "Type.field", value, recordType, recordId }`. The field is the
 * graph's coordinate, so each item is shown, masked or left out exactly as that field of that record.
 */
export function evidenceItem(field: string, value: Prisma.Sql, recordId: Prisma.Sql): Prisma.Sql {
  const recordType = field.split(".")[0]!;
  return Prisma.sql`jsonb_build_object('field', ${field}::text, 'value', to_jsonb(${value}), 'recordType', ${recordType}::text, 'recordId', (${recordId})::int)`;
}

/** An item whose record type differs from the field's type (e.g. a finding shown on its inspection). */
export function evidenceItemOf(field: string, recordType: string, value: Prisma.Sql, recordId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`jsonb_build_object('field', ${field}::text, 'value', to_jsonb(${value}), 'recordType', ${recordType}::text, 'recordId', (${recordId})::int)`;
}

/** `column` is among the subjects (always true on a sweep). */
export const inSubjects = (subjects: number[] | null, column: Prisma.Sql): Prisma.Sql =>
  subjects === null ? Prisma.sql`true` : Prisma.sql`${column} = ANY(${sqlArray(subjects, "int")})`;

/** The business date as a SQL date. */
export const dateParam = (businessDate: string): Prisma.Sql => Prisma.sql`${businessDate}::date`;

/** Aggregates one jsonb array of items per row into one flat array of items, in `orderBy` order. */
export const flatAgg = (arrays: Prisma.Sql, orderBy: Prisma.Sql): Prisma.Sql =>
  Prisma.sql`jsonb_path_query_array(jsonb_agg(${arrays} ORDER BY ${orderBy}), '$[*][*]')`;

/**
 * A list as a SQL array parameter. It travels as JSON: the PGlite adapter would send a JavaScript
 * array as "a,b,c", which PostgreSQL does not read as an array literal.
 */
export const sqlArray = (values: readonly (string | number)[], type: "int" | "text"): Prisma.Sql =>
  Prisma.sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)::${Prisma.raw(type)})`;
