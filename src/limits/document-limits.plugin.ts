// Runs the document limits (depth, aliases, directives, cost) once the operation is resolved and
// its variables are known, before anything executes. A refusal is a request error: no `data`,
// HTTP 400. The token limit runs earlier, inside the parser (tokens.ts).
import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { checkAliases } from "./aliases.ts";
import { checkCost } from "./cost.ts";
import { checkDepth } from "./depth.ts";
import { checkDirectives } from "./directives.ts";

export interface DocumentLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
}

/**
 * Operations known to be within the structural limits (aliases, directives, depth), per limits:
 * those depend on the document alone, and Apollo keeps one parsed document per query text, so an
 * operation sent again is the same object. Only a pass is kept; a refusal is made anew each time.
 */
const withinStructure = new WeakMap<DocumentLimits, WeakSet<OperationDefinitionNode>>();

/** The first limit the operation exceeds, or null (also used for subscriptions over WebSocket, events/graphql-ws.ts). */
export function documentLimitError(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>, limits: DocumentLimits): GraphQLError | null {
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  let passed = withinStructure.get(limits);
  if (!passed) withinStructure.set(limits, (passed = new WeakSet()));
  if (!passed.has(operation)) {
    // The cheap structural counts first; the cost needs the schema and the variables.
    const structural = checkAliases(operation, fragments, limits.maxAliases) ?? checkDirectives(operation, fragments, limits.maxDirectives) ?? checkDepth(operation, fragments, limits.maxDepth);
    if (structural) return structural;
    passed.add(operation);
  }
  return checkCost(schema, operation, fragments, variables, limits.maxCost);
}

export function documentLimitsPlugin(limits: DocumentLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const error = documentLimitError(schema, document, operation, request.variables ?? {}, limits);
          if (error) throw error;
        },
      };
    },
  };
}
