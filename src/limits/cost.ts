// Cost limit (MAX_COST, default 200,000): what an operation may ask the database for, from the
// page sizes it requests. Every field costs 1; a connection field (a type named *Connection)
// costs 1 plus its children's cost times its page size, `first` or `last` (the larger when both,
// 50 when neither: the schema's default page). So
//   enterprises(first: 500) { nodes { loans(first: 500) { nodes { amount } } } }
// costs 1 + 500 × (1 + 1 + 500 × (1 + 1)) = 501,001 and is refused before anything executes.
// Page sizes given as variables are read from the request's variables. Plain lists and
// introspection are not multiplied (lists here are short or bounded by their own rules).
import {
  GraphQLError,
  Kind,
  getNamedType,
  isInterfaceType,
  isObjectType,
  valueFromAST,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { Fragments } from "./depth.ts";
import { refusal } from "./refusal.ts";

/** The page a connection serves when the client names none (Pothos relay's default). */
export const DEFAULT_PAGE_SIZE = 50;

function pageSize(node: FieldNode, field: GraphQLField<unknown, unknown>, variables: Record<string, unknown>): number {
  let size: number | null = null;
  for (const arg of node.arguments ?? []) {
    if (arg.name.value !== "first" && arg.name.value !== "last") continue;
    const def = field.args.find((a) => a.name === arg.name.value);
    const value = def ? valueFromAST(arg.value, def.type, variables) : undefined;
    if (typeof value === "number") size = Math.max(size ?? 0, value);
  }
  return size ?? DEFAULT_PAGE_SIZE;
}

export function operationCost(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Fragments, variables: Record<string, unknown>): number {
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  // A fragment's cost does not depend on where it is spread: computed once each.
  const memo = new Map<string, number>();
  const costOf = (set: SelectionSetNode, parent: GraphQLNamedType): number => {
    let cost = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        // __typename, __schema, __type: answered without the database.
        if (sel.name.value.startsWith("__")) continue;
        const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[sel.name.value] : undefined;
        if (!field || !sel.selectionSet) {
          cost += 1;
          continue;
        }
        const type = getNamedType(field.type);
        const children = costOf(sel.selectionSet, type);
        cost += 1 + (type.name.endsWith("Connection") ? pageSize(sel, field, variables) * children : children);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        cost += type ? costOf(sel.selectionSet, type) : 0;
      } else {
        const name = sel.name.value;
        if (!memo.has(name)) {
          memo.set(name, 0); // validation has refused cycles; this only guards the recursion
          const fragment = fragments.get(name);
          const type = fragment && schema.getType(fragment.typeCondition.name.value);
          memo.set(name, fragment && type ? costOf(fragment.selectionSet, type) : 0);
        }
        cost += memo.get(name)!;
      }
    }
    return cost;
  };
  return costOf(operation.selectionSet, root);
}

export function checkCost(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Fragments, variables: Record<string, unknown>, max: number): GraphQLError | null {
  if (operationCost(schema, operation, fragments, variables) <= max) return null;
  return refusal(
    "The operation asks for too much at once: request smaller pages (first/last) or fewer nested connections, and page with `after` for more.",
    "GRAPHQL_VALIDATION_FAILED",
    400,
    { limit: "cost" },
  );
}
