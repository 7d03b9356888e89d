// A SHA-256 over the full content of every domain table, in a fixed order: two databases seeded
// alike give the same digest, and any difference in any row changes it. API keys (random
// secrets) and Prisma's migration log (timestamps) are not domain data and are left out, and so
// is the early warning's state (rules, alerts, their events and outboxes, sweeps, webhooks): it is
// derived from the domain data by the seed's sweep and stamped with the real time and random event
// ids (test/alerts-rules.test.ts and docs/early-warning.md check what the sweep raises).
import { createHash } from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client.ts";

const EXCLUDED = new Set([
  "api_key",
  "_prisma_migrations",
  "risk_rule",
  "alert",
  "alert_event",
  "alert_dirty",
  "alert_sweep",
  "outbox_event",
  "webhook_endpoint",
  "webhook_delivery",
  "webhook_attempt",
]);
/** Rows per read, so large scales are hashed without holding a whole table in memory. */
const PAGE = 20_000;

interface TableKey {
  table: string;
  /** primary-key columns, in key order */
  columns: string[];
}

async function domainTables(prisma: PrismaClient): Promise<TableKey[]> {
  const rows = await prisma.$queryRawUnsafe<{ table: string; column: string }[]>(`
    SELECT c.relname AS "table", a.attname AS "column"
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
    WHERE i.indisprimary AND n.nspname = current_schema() AND c.relkind = 'r'
    ORDER BY c.relname, k.ord`);
  const tables = new Map<string, string[]>();
  for (const r of rows) {
    if (EXCLUDED.has(r.table)) continue;
    tables.set(r.table, [...(tables.get(r.table) ?? []), r.column]);
  }
  return [...tables.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([table, columns]) => ({ table, columns }));
}

export async function domainFingerprint(prisma: PrismaClient): Promise<string> {
  const hash = createHash("sha256");
  for (const { table, columns } of await domainTables(prisma)) {
    hash.update(`\u0000table ${table}\n`);
    const orderBy = columns.map((c) => `t."${c}"`).join(", ");
    for (let offset = 0; ; offset += PAGE) {
      // jsonb text output is canonical (keys sorted), so equal rows print equally on any server
      const rows = await prisma.$queryRawUnsafe<{ j: string }[]>(
        `SELECT to_jsonb(t)::text AS j FROM "${table}" t ORDER BY ${orderBy} LIMIT ${PAGE} OFFSET ${offset}`,
      );
      for (const r of rows) hash.update(r.j + "\n");
      if (rows.length < PAGE) break;
    }
  }
  return hash.digest("hex");
}
