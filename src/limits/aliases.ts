// Alias limit (MAX_ALIASES, default 50): aliased fields in an operation, fragments expanded (a
// fragment spread twice counts twice). Aliases are how one request asks for the same costly
// field many times over; the cost limit bounds connections, this bounds everything else.
import { Kind, type GraphQLError, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import type { Fragments } from "./depth.ts";
import { refusal } from "./refusal.ts";

export function operationAliases(operation: OperationDefinitionNode, fragments: Fragments): number {
  const memo = new Map<string, number>();
  const countIn = (set: SelectionSetNode): number => {
    let n = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) n += (sel.alias ? 1 : 0) + (sel.selectionSet ? countIn(sel.selectionSet) : 0);
      else if (sel.kind === Kind.INLINE_FRAGMENT) n += countIn(sel.selectionSet);
      else {
        const name = sel.name.value;
        if (!memo.has(name)) {
          memo.set(name, 0);
          const fragment = fragments.get(name);
          memo.set(name, fragment ? countIn(fragment.selectionSet) : 0);
        }
        n += memo.get(name)!;
      }
    }
    return n;
  };
  return countIn(operation.selectionSet);
}

export function checkAliases(operation: OperationDefinitionNode, fragments: Fragments, max: number): GraphQLError | null {
  if (operationAliases(operation, fragments) <= max) return null;
  return refusal("limit.aliases", "GRAPHQL_VALIDATION_FAILED", 400, { limit: "aliases" });
}
