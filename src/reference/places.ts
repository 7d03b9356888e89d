// Resolving the county and industry an analyst names in a filter.
import { GraphQLError } from "graphql";
import type { GraphContext } from "../context.ts";
import { loaderFor } from "../graph/loaders.ts";

export function badInput(message: string, argumentPath: string, rule: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", field: argumentPath, rule } });
}

/**
 * A county given as its division code (441704) or its Chinese name (阳东区) → its code. Looked up
 * once per request: a connection's page and its totalCount, and nested connections filtered by
 * the same county, all build their `where` from the same filter.
 */
export async function resolveCountyCode(ctx: GraphContext, county: string, argumentPath: string): Promise<string> {
  const code = await loaderFor<string, string | null>(ctx, "county:code", async (names) => {
    const rows = await ctx.prisma.county.findMany({ where: { OR: [{ code: { in: [...names] } }, { name: { in: [...names] } }] }, select: { code: true, name: true } });
    return names.map((n) => rows.find((r) => (/^\d{6}$/.test(n) ? r.code === n : r.name === n))?.code ?? null);
  }).load(county);
  if (!code) {
    throw badInput(`${argumentPath}: unknown county "${county}"; use a division code such as 441704 or a name such as 阳东区`, argumentPath, "county");
  }
  return code;
}
