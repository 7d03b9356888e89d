// A record's change history lists old → new values of its columns; each column is withheld from
// a principal who may not read the field it backs in clear, so history is no path around the
// field rules (e.g. a clue's rewardAmount or informantId for PUBLIC_SECURITY).
import type { GraphContext } from "../context.ts";
import { resourceOfField } from "./policy/classify.ts";
import { TYPE_RESOURCES } from "./policy/resources.ts";

/** The resource of a stored column: its GraphQL field's, or its relation's for a foreign key (xxxId). */
function resourceOfColumn(entityType: string, column: string) {
  if (column.endsWith("Id")) return resourceOfField(entityType, column.slice(0, -2));
  return resourceOfField(entityType, column) ?? TYPE_RESOURCES[entityType] ?? null;
}

export function readableColumns(ctx: GraphContext, entityType: string, columns: string[]): Set<string> {
  const keep = new Set<string>();
  for (const column of columns) {
    const resource = resourceOfColumn(entityType, column);
    if (!resource) continue;
    const decision = ctx.access.decision(resource);
    if (decision.allow && !decision.mask) keep.add(column);
  }
  return keep;
}
