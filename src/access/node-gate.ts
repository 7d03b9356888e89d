// node(id:)/nodes(ids:) on a type the principal may not read: refused the same way whether or not
// the record exists, so a global id is no existence oracle (nor a way to make the database look).
import { GraphQLError } from "graphql";
import type { GraphContext } from "../context.ts";
import { TYPE_RESOURCES } from "./policy/resources.ts";

export function gateNodeType(ctx: GraphContext, typename: string): void {
  if (!ctx.access.enforced) return;
  const resource = TYPE_RESOURCES[typename];
  if (!resource) return;
  const decision = ctx.access.decision(resource);
  if (decision.allow) return;
  throw new GraphQLError(`Forbidden: ${decision.reason}.`, { extensions: { code: "FORBIDDEN", resource, sharing: decision.sharing } });
}
