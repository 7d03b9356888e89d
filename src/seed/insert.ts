// Writes a generated dataset, parent tables before children (level by level), then moves every id sequence past
// the seeded ids so that later inserts do not collide with them.
//
// Rows go in as one JSON document per chunk (`INSERT … SELECT … FROM json_populate_recordset`),
// a single bind parameter per statement. createMany did the same job about ten times slower
// (≈19 s against ≈2 s for scale 1 on in-memory PGlite), nearly all of it spent in the client
// turning each value into a bind parameter, which would eat most of the 30 s start-up budget.
import type { DbClient } from "../db/database.ts";
import type { DemoData } from "./types.ts";

/** Rows per statement: a few megabytes of JSON, well within what either server parses at once. */
const ROWS_PER_STATEMENT = 5_000;

/**
 * Counties and industries are reference data that a migration puts in every database
 * (prisma/migrations/*_reference_data); the generator's copies of them are not inserted again.
 *
 * Foreign-key levels: a table references only tables of lower levels, so the tables of one level
 * can load side by side (PostgreSQL spreads them over pool connections; PGlite queues them).
 * `serial`: the id is a SERIAL whose sequence must move past the seeded ids.
 */
const TABLES: readonly { key: keyof DemoData; table: string; level: number; serial: boolean }[] = [
  { key: "demoDataset", table: "demo_dataset", level: 1, serial: false },
  { key: "person", table: "person", level: 1, serial: true },
  { key: "institution", table: "institution", level: 1, serial: true },
  { key: "watchLine", table: "watch_line", level: 1, serial: true },
  { key: "tradingVenue", table: "trading_venue", level: 1, serial: true },
  { key: "bondOnLending", table: "bond_on_lending", level: 1, serial: true },
  { key: "directFinancingGoal", table: "direct_financing_goal", level: 1, serial: true },
  { key: "progressReport", table: "progress_report", level: 1, serial: true },
  { key: "enterprise", table: "enterprise", level: 2, serial: true },
  { key: "indicatorValue", table: "indicator_value", level: 2, serial: true },
  { key: "institutionRating", table: "institution_rating", level: 2, serial: true },
  { key: "venueInspection", table: "venue_inspection", level: 2, serial: true },
  { key: "loan", table: "loan", level: 3, serial: true },
  { key: "financialStatement", table: "financial_statement", level: 3, serial: true },
  { key: "dishonestyRecord", table: "dishonesty_record", level: 3, serial: true },
  { key: "creditEvaluation", table: "credit_evaluation", level: 3, serial: true },
  { key: "topListEntry", table: "top_list_entry", level: 3, serial: true },
  { key: "deleveragingPlan", table: "deleveraging_plan", level: 3, serial: true },
  { key: "bond", table: "bond", level: 3, serial: true },
  { key: "financingPlatform", table: "financing_platform", level: 3, serial: true },
  { key: "pppProject", table: "ppp_project", level: 3, serial: true },
  { key: "fundraisingClue", table: "fundraising_clue", level: 3, serial: true },
  { key: "venueViolation", table: "venue_violation", level: 3, serial: true },
  { key: "guarantee", table: "guarantee", level: 4, serial: true },
  { key: "dishonestyRecordChange", table: "dishonesty_record_change", level: 4, serial: false },
  { key: "jointPunishmentMeasure", table: "joint_punishment_measure", level: 4, serial: true },
  { key: "bondScheduleItem", table: "bond_schedule_item", level: 4, serial: true },
  { key: "bondInspection", table: "bond_inspection", level: 4, serial: true },
  { key: "governmentDebt", table: "government_debt", level: 4, serial: true },
  { key: "rectificationOrder", table: "rectification_order", level: 4, serial: true },
  { key: "bondPayment", table: "bond_payment", level: 5, serial: true },
  { key: "bondInspectionFinding", table: "bond_inspection_finding", level: 5, serial: true },
  { key: "debtReplacement", table: "debt_replacement", level: 5, serial: true },
];

/** The schema maps every camelCase field to its snake_case column (see schema.prisma). */
const column = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

// JSON has no BigInt; PostgreSQL reads the decimal string into a bigint column exactly.
const jsonValue = (_key: string, value: unknown): unknown => (typeof value === "bigint" ? value.toString() : value);

async function columnsOf(prisma: DbClient): Promise<Map<string, Set<string>>> {
  const rows = await prisma.$queryRawUnsafe<{ table_name: string; column_name: string }[]>(
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()",
  );
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = out.get(r.table_name) ?? new Set<string>();
    set.add(r.column_name);
    out.set(r.table_name, set);
  }
  return out;
}

async function insertRows(prisma: DbClient, table: string, rows: readonly object[], known: Set<string> | undefined): Promise<void> {
  if (rows.length === 0) return;
  const fields = Object.keys(rows[0]!);
  // A field the first row lacks would be dropped silently, and one it has that another row
  // lacks would turn a column default into NULL: insist every row names the same fields.
  for (const row of rows) {
    const keys = Object.keys(row);
    if (keys.length !== fields.length || keys.some((k, i) => k !== fields[i])) {
      throw new Error(`seed: rows of ${table} do not all set the same fields (${fields.join(", ")})`);
    }
  }
  const columns = fields.map(column);
  const unknown = columns.filter((c) => !known?.has(c));
  if (unknown.length > 0) throw new Error(`seed: table ${table} has no column(s) ${unknown.join(", ")}`);
  const list = columns.map((c) => `"${c}"`).join(", ");
  const renamed = (row: object): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[column(k)] = v;
    return out;
  };
  // Table and column names come from the fixed list above and the live catalogue, never from input.
  const sql = `INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table}", $1::json)`;
  for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(from, from + ROWS_PER_STATEMENT).map(renamed);
    await prisma.$executeRawUnsafe(sql, JSON.stringify(chunk, jsonValue));
  }
}

/**
 * Loads `data` into an empty schema (migrations applied, no domain rows) and returns the rows
 * written per table. Plain SQL that PGlite and PostgreSQL run alike.
 */
export async function insertDemoData(
  prisma: DbClient,
  data: DemoData,
  options: { onTable?: (table: string, rows: number, ms: number) => void } = {},
): Promise<Record<string, number>> {
  const known = await columnsOf(prisma);
  const counts: Record<string, number> = {};
  const levels = [...new Set(TABLES.map((t) => t.level))].sort((a, b) => a - b);
  for (const level of levels) {
    await Promise.all(
      TABLES.filter((t) => t.level === level).map(async ({ key, table }) => {
        const started = performance.now();
        await insertRows(prisma, table, data[key], known.get(table));
        options.onTable?.(table, data[key].length, performance.now() - started);
      }),
    );
  }
  // counts in the fixed table order, whatever order the loads finished in
  for (const { key, table } of TABLES) counts[table] = data[key].length;
  for (const { table } of TABLES.filter((t) => t.serial)) {
    // next id = max(id) + 1; an empty table starts again at 1
    await prisma.$executeRawUnsafe(
      `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), coalesce(max(id), 1), max(id) IS NOT NULL) FROM "${table}"`,
    );
  }
  for (const counter of data.changeCounter) {
    await prisma.changeCounter.upsert({ where: { name: counter.name }, create: counter, update: { value: counter.value } });
  }
  counts.change_counter = data.changeCounter.length;
  return counts;
}
