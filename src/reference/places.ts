// Resolving the county and industry an analyst names in a filter.
import { GraphQLError } from "graphql";
import type { PrismaClient } from "../generated/prisma/client.ts";

export function badInput(message: string, argumentPath: string, rule: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", field: argumentPath, rule } });
}

/** A county given as its division code (441704) or its Chinese name (阳东区) → its code. */
export async function resolveCountyCode(prisma: PrismaClient, county: string, argumentPath: string): Promise<string> {
  const row = await prisma.county.findFirst({ where: /^\d{6}$/.test(county) ? { code: county } : { name: county }, select: { code: true } });
  if (!row) {
    throw badInput(`${argumentPath}: unknown county "${county}"; use a division code such as 441704 or a name such as 阳东区`, argumentPath, "county");
  }
  return row.code;
}
