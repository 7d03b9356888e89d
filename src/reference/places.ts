// Resolving the county and industry an analyst names in a filter.
import { GraphQLError } from "graphql";
import type { GraphContext } from "../context.ts";

export function badInput(message: string, argumentPath: string, rule: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", field: argumentPath, rule } });
}

/**
 * The counties, read once per database client and kept: they are reference data, written only by
 * the reference-data migration (which runs before a server serves), so a request's county filter
 * costs no SQL.
 */
const countyTables = new WeakMap<object, Promise<{ code: string; name: string }[]>>();
function counties(ctx: GraphContext): Promise<{ code: string; name: string }[]> {
  let table = countyTables.get(ctx.prisma);
  if (!table) {
    table = ctx.prisma.county.findMany({ select: { code: true, name: true } });
    // A failed read (the database was down) is not kept: the next request tries again.
    table.catch(() => countyTables.delete(ctx.prisma));
    countyTables.set(ctx.prisma, table);
  }
  return table;
}

/** A county given as its division code (441704) or its Chinese name (阳东区) → its code. */
export async function resolveCountyCode(ctx: GraphContext, county: string, argumentPath: string): Promise<string> {
  const code = (await counties(ctx)).find((r) => (/^\d{6}$/.test(county) ? r.code === county : r.name === county))?.code ?? null;
  if (!code) {
    throw badInput(`${argumentPath}: unknown county "${county}"; use a division code such as 441704 or a name such as 阳东区`, argumentPath, "county");
  }
  return code;
}
