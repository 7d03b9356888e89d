// A findMany/findFirst answered by one SQL statement whose JSON PostgreSQL builds, in place of
// Prisma's one statement per relation level and its result mapping in JavaScript.
//
// The answer has exactly the shape Prisma would return for the same args (same keys, Decimal,
// Date, BigInt values), so the Pothos prisma plugin resolves the nested relations from it without
// loading them again. Args the compiler does not understand go to Prisma, whole: a read is never
// answered with a condition dropped.
import type { DbClient, PrismaClient } from "../database.ts";
import { buildModelMap, type ModelInfo } from "./model-map.ts";
import { listSql } from "./select.ts";
import { listDecoder, type Decode } from "./decode.ts";
import { Statement, Unsupported, isArgsObject } from "./statement.ts";
import { PREPARABLE } from "../statement-names.ts";
import { queryRows } from "../direct-query.ts";

/** Marks the statements of this compiler: named prepared statements on PostgreSQL (statement-names.ts). */
const MARK = PREPARABLE.jsonQuery;

/** Args of a findMany/findFirst this compiler reads; anything else (cursor, distinct…) goes to Prisma. */
const ROOT_ARGS = new Set(["select", "include", "where", "orderBy", "take", "skip", "relationLoadStrategy"]);

interface Compiled {
  sql: string;
  params: unknown[];
  decode: Decode;
}

export class JsonQueries {
  private readonly models: Map<string, ModelInfo>;
  /** args shapes that fell back, by reason, for diagnostics (GET /metrics could show them) */
  readonly fallbacks = new Map<string, number>();

  constructor(client: PrismaClient) {
    // The data model Prisma's own engine reads; declared (as _runtimeDataModel) by @prisma/client/runtime.
    const runtime = (client as unknown as { _runtimeDataModel?: Parameters<typeof buildModelMap>[0] })._runtimeDataModel;
    this.models = runtime ? buildModelMap(runtime) : new Map();
  }

  /** `prisma.<model>.findMany(args)` in one statement when the args allow; else `viaPrisma()`. */
  async findMany<T>(prisma: DbClient, model: string, args: object, viaPrisma: () => Promise<T[]>): Promise<T[]> {
    const compiled = this.compile(model, args, false);
    return compiled ? ((await this.run(prisma, compiled)) as T[]) : viaPrisma();
  }

  /** `prisma.<model>.findFirst(args)` in one statement when the args allow; else `viaPrisma()`. */
  async findFirst<T>(prisma: DbClient, model: string, args: object, viaPrisma: () => Promise<T | null>): Promise<T | null> {
    const compiled = this.compile(model, args, true);
    return compiled ? (((await this.run(prisma, compiled)) as T[])[0] ?? null) : viaPrisma();
  }

  /** The statement for `args`, or null when some construct must go to Prisma. */
  compile(model: string, args: object, first: boolean): Compiled | null {
    try {
      const info = this.models.get(model);
      if (!info) throw new Unsupported(`model ${model}`);
      if (!isArgsObject(args)) throw new Unsupported("args");
      for (const k of Object.keys(args)) if (args[k] !== undefined && !ROOT_ARGS.has(k)) throw new Unsupported(`args ${k}`);
      const st = new Statement();
      const rows = listSql(this.models, st, info, st.alias(), first ? { ...args, take: 1 } : args, null);
      const sql = `${MARK}SELECT coalesce(json_agg(j), '[]'::json)::text AS j FROM (${rows.sql}) ${st.alias()}`;
      // Every value is a parameter: one args shape, one SQL text, which PostgreSQL prepares once
      // per connection (src/db/statement-names.ts).
      return { sql, params: st.params, decode: listDecoder(rows.decode) };
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      this.fallbacks.set(error.message, (this.fallbacks.get(error.message) ?? 0) + 1);
      return null;
    }
  }

  private async run(prisma: DbClient, compiled: Compiled): Promise<unknown[]> {
    const rows = await queryRows<{ j: string }>(prisma, compiled.sql, compiled.params);
    return compiled.decode(JSON.parse(rows[0]!.j)) as unknown[];
  }
}

interface JsonReadContext {
  prisma: DbClient;
  jsonQueries?: JsonQueries;
}

/** A root field's findMany: through the compiler when it is on, else (and for what it cannot read) Prisma's `viaPrisma`. */
export const readMany = <T>(ctx: JsonReadContext, model: string, args: object, viaPrisma: () => Promise<T[]>): Promise<T[]> =>
  ctx.jsonQueries ? ctx.jsonQueries.findMany(ctx.prisma, model, args, viaPrisma) : viaPrisma();

/** A root field's findFirst, as readMany. */
export const readFirst = <T>(ctx: JsonReadContext, model: string, args: object, viaPrisma: () => Promise<T | null>): Promise<T | null> =>
  ctx.jsonQueries ? ctx.jsonQueries.findFirst(ctx.prisma, model, args, viaPrisma) : viaPrisma();

