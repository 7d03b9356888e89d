// node(id:)/nodes(ids:) on a type the principal may not read: refused the same way whether or not
// the record exists, so a global id is no existence oracle (nor a way to make the database look).
// In nodes(ids:) each refused id is denied alone: its item is null with a FORBIDDEN error at its
// index, the other ids are looked up.
import type { GraphQLError, GraphQLResolveInfo } from "graphql";
import { localizedError } from "../i18n/index.ts";
import type { GraphContext } from "../context.ts";
import { TYPE_RESOURCES } from "./policy/resources.ts";

/** The refusal of looking up a record of `typename`, or null when the principal may read that type. */
export function nodeRefusal(ctx: GraphContext, typename: string, info: Pick<GraphQLResolveInfo, "parentType" | "fieldName">): GraphQLError | null {
  if (!ctx.access.enforced) return null;
  const resource = TYPE_RESOURCES[typename];
  if (!resource) return null;
  const decision = ctx.access.decision(resource);
  if (decision.allow) return null;
  return localizedError(decision.message.key, decision.message.params, { code: "FORBIDDEN", resource, sharing: decision.sharing, coordinate: `${info.parentType.name}.${info.fieldName}` });
}

/**
 * nodes(ids:): the refused ids' items are their refusals; the others are looked up (in one batch,
 * `resolve` taking null for an id not to look up) and keep their places.
 */
export async function resolveGatedNodes<Id extends { typename: string }>(ctx: GraphContext, ids: Id[], info: GraphQLResolveInfo, resolve: (ids: (Id | null)[]) => Promise<unknown[]>): Promise<unknown[]> {
  const refusals = ids.map((id) => nodeRefusal(ctx, id.typename, info));
  if (!refusals.some(Boolean)) return resolve(ids);
  const found = await resolve(ids.map((id, i) => (refusals[i] ? null : id)));
  // graphql-js completes an Error item as that item's error.
  return found.map((node, i) => refusals[i] ?? node);
}
