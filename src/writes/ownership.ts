// Only the agency that owns a kind of record may write it (DOMAIN.md, "owns" column).
import { GraphQLError } from "graphql";
import type { Agency } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";

export function assertOwner(ctx: GraphContext, owners: readonly Agency[], what: string): void {
  if (owners.includes(ctx.principal.agency)) return;
  throw new GraphQLError(`Only ${owners.join(" or ")} may write ${what}.`, {
    extensions: { code: "FORBIDDEN", owners },
  });
}
