// Resolving the county and industry an analyst names in a filter.
import type { GraphQLError } from "graphql";
import type { GraphContext } from "../context.ts";
import { localizedError, type Localized } from "../i18n/index.ts";

/** A filter's bad argument: its message a catalogue entry (src/i18n/parts/arguments.ts), rendered in the request's language. */
export function badInput(message: Localized, argumentPath: string, rule: string): GraphQLError {
  return localizedError(message.key, message.params, { code: "BAD_USER_INPUT", field: argumentPath, rule });
}

/** A county given as its division code (441704) or its Chinese name (阳东区) → its code. */
export async function resolveCountyCode(ctx: GraphContext, county: string, argumentPath: string): Promise<string> {
  const code = (await ctx.directory.counties()).find((r) => (/^\d{6}$/.test(county) ? r.code === county : r.name === county))?.code ?? null;
  if (!code) {
    throw badInput({ key: "argument.county", params: { field: argumentPath, county } }, argumentPath, "county");
  }
  return code;
}
