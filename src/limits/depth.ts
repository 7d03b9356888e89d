// Depth limit (MAX_DEPTH, default 15): how deeply an operation nests its fields, fragments
// expanded. `a { b { c } }` is 3 deep; a connection read as `x(first: 5) { nodes { y } }` takes
// 3 levels. Introspection counts like any other selection: graphql-js's standard introspection
// query (the explorer's) is 15 deep, so the default admits it and a lower MAX_DEPTH empties the
// explorer's docs pane.
import { Kind, type FragmentDefinitionNode, type GraphQLError, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { refusal } from "./refusal.ts";

export type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

export function operationDepth(operation: OperationDefinitionNode, fragments: Fragments): number {
  // A fragment's depth does not depend on where it is spread: computed once each.
  const memo = new Map<string, number>();
  const depthOf = (set: SelectionSetNode): number => {
    let max = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        max = Math.max(max, 1 + (sel.selectionSet ? depthOf(sel.selectionSet) : 0));
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        max = Math.max(max, depthOf(sel.selectionSet));
      } else {
        const name = sel.name.value;
        if (!memo.has(name)) {
          memo.set(name, 0); // validation has refused cycles; this only guards the recursion
          const fragment = fragments.get(name);
          memo.set(name, fragment ? depthOf(fragment.selectionSet) : 0);
        }
        max = Math.max(max, memo.get(name)!);
      }
    }
    return max;
  };
  return depthOf(operation.selectionSet);
}

export function checkDepth(operation: OperationDefinitionNode, fragments: Fragments, max: number): GraphQLError | null {
  if (operationDepth(operation, fragments) <= max) return null;
  return refusal("limit.depth", "GRAPHQL_VALIDATION_FAILED", 400, { limit: "depth" });
}
