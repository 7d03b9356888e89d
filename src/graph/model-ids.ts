// Which Prisma model an object type reads, and whether its id is an Int: cursors and global ids are
// checked as Int ids (cursors.ts, global-ids.ts), so a type keyed otherwise stops the server at
// start instead of passing unchecked ids to Prisma.
import type { GraphQLObjectType } from "graphql";
import { getDatamodel } from "../generated/pothos-prisma-types.ts";

const datamodel = getDatamodel().datamodel.models as Record<string, { fields: ReadonlyArray<{ name: string; type: string; isId: boolean }> }>;

export function assertIntId(type: GraphQLObjectType, why: string): void {
  const model = type.extensions?.pothosPrismaModel as string | undefined;
  const id = model ? datamodel[model]?.fields.find((f) => f.isId) : undefined;
  if (id?.type !== "Int") throw new Error(`${type.name} (${why}) is not keyed by an Int id: teach src/graph/${why === "node" ? "global-ids" : "cursors"}.ts its format`);
}
