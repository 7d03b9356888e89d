// A relation the request may not read is not loaded with its parent. Pothos' prisma plugin plans
// every selected relation (and every field with a `select`) into its parent's query, a join or a
// statement of its own, before any field's rule runs: a denied relation would cost SQL whose rows
// are then thrown away, and one refused for its filter would run the caller's filter. Such a
// field's select function answers nothing instead (a falsy selection selects nothing, in
// @pothos/selection-mapper's contract), and its rule or refusal then answers without loading.
import type { FieldNode, GraphQLField, GraphQLSchema } from "graphql";
import { isObjectType } from "graphql";
import type { GraphContext } from "../context.ts";
import type { ResourceName } from "./policy/matrix.ts";

/** @pothos/selection-mapper's SelectFn: the field's arguments, the context, …, and where the field is in the document. */
type SelectFn = (args: object, ctx: GraphContext, nested: unknown, selected: unknown, position: { node: FieldNode } | undefined) => unknown;

/**
 * Wraps the select function of every field of `schema` that has one. `closedBy(type, field)` is the
 * resource whose denial closes the field for every row (its rule decides on the resource alone),
 * or null when the field's rule depends on the row: such a field is loaded, then decided per row.
 */
export function gatePreloads(schema: GraphQLSchema, closedBy: (typeName: string, fieldName: string) => ResourceName | null): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, GraphContext>[]) {
      const select = field.extensions?.pothosPrismaSelect;
      if (typeof select !== "function") continue;
      const resource = closedBy(type.name, field.name);
      const gated: SelectFn = (args, ctx, nested, selected, position) => {
        if (ctx.access.enforced) {
          if (position && ctx.access.refusals?.has(position.node)) return null;
          if (resource && !ctx.access.decision(resource).allow) return null;
        }
        return (select as SelectFn)(args, ctx, nested, selected, position);
      };
      // The field's own extensions object (graphql-js copies it per schema), replaced, not mutated.
      (field as { extensions: object }).extensions = { ...field.extensions, pothosPrismaSelect: gated };
    }
  }
}
