// Resolving the county and industry an analyst names in a filter.
import { GraphQLError } from "graphql";
import type { GraphContext } from "../context.ts";

export function badInput(message: string, argumentPath: string, rule: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", field: argumentPath, rule } });
}

/** A county given as its division code (441704) or its Chinese name (阳东区) → its code. */
export async function resolveCountyCode(ctx: GraphContext, county: string, argumentPath: string): Promise<string> {
  const code = (await ctx.directory.counties()).find((r) => (/^\d{6}$/.test(county) ? r.code === county : r.name === county))?.code ?? null;
  if (!code) {
    throw badInput(`${argumentPath}: unknown county "${county}"; use a division code such as 441704 or a name such as 阳东区`, argumentPath, "county");
  }
  return code;
}
