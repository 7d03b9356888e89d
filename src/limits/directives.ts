// Directive limit (MAX_DIRECTIVES, default 50): directives used in an operation (on the operation,
// its variables, fields, inline fragments and spreads), fragments expanded. Stacked directives
// (`@include(if: $a) @skip(if: $b)` many times over) cost validation and execution work for nothing.
import { Kind, type GraphQLError, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import type { Fragments } from "./depth.ts";
import { refusal } from "./refusal.ts";

export function operationDirectives(operation: OperationDefinitionNode, fragments: Fragments): number {
  const memo = new Map<string, number>();
  const countIn = (set: SelectionSetNode): number => {
    let n = 0;
    for (const sel of set.selections) {
      n += sel.directives?.length ?? 0;
      if (sel.kind === Kind.FIELD) n += sel.selectionSet ? countIn(sel.selectionSet) : 0;
      else if (sel.kind === Kind.INLINE_FRAGMENT) n += countIn(sel.selectionSet);
      else {
        const name = sel.name.value;
        if (!memo.has(name)) {
          memo.set(name, 0);
          const fragment = fragments.get(name);
          memo.set(name, fragment ? (fragment.directives?.length ?? 0) + countIn(fragment.selectionSet) : 0);
        }
        n += memo.get(name)!;
      }
    }
    return n;
  };
  const own = (operation.directives?.length ?? 0) + (operation.variableDefinitions ?? []).reduce((n, v) => n + (v.directives?.length ?? 0), 0);
  return own + countIn(operation.selectionSet);
}

export function checkDirectives(operation: OperationDefinitionNode, fragments: Fragments, max: number): GraphQLError | null {
  if (operationDirectives(operation, fragments) <= max) return null;
  return refusal("limit.directives", "GRAPHQL_VALIDATION_FAILED", 400, { limit: "directives" });
}
