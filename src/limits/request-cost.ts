// The points a request spends from its rate limit and daily quota: each operation's computed
// cost (cost.ts), at least 1, a batch the sum of its operations'. Computed before anything runs,
// so that a batch is refused or admitted whole. A document that does not parse, or names no
// operation to run, costs 1: Apollo refuses it next. An operation sent by APQ hash alone is
// priced from the APQ cache (the query it registered), else 1 (it is refused as not found).
import { Kind, parse, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { operationCost } from "./cost.ts";

interface Params {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } };
}

export type ApqLookup = (hash: string) => Promise<string | undefined>;

function operationPoints(schema: GraphQLSchema, query: string, params: Params, maxTokens: number, maxCost: number): number {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens });
  } catch {
    return 1;
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = typeof params.operationName === "string" ? operations.find((o) => o.name?.value === params.operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return 1;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  let variables: Record<string, unknown> = {};
  if (params.variables && typeof params.variables === "object") variables = params.variables as Record<string, unknown>;
  else if (typeof params.variables === "string") {
    try {
      variables = JSON.parse(params.variables) ?? {};
    } catch {
      return 1;
    }
  }
  try {
    const cost = Math.ceil(operationCost(schema, operation, fragments, variables));
    // Over MAX_COST the cost limit refuses it before it runs (400, limit "cost"): it spends 1, like
    // any other refused document, so the client sees that refusal and not a spent budget.
    return cost > maxCost ? 1 : Math.max(1, cost);
  } catch {
    // A variable of the wrong type: validation refuses it next.
    return 1;
  }
}

/** The points of a POST body (an operation or a batch) or a GET's query parameters. */
export async function requestPoints(schema: GraphQLSchema, body: unknown, maxTokens: number, maxCost: number, apq: ApqLookup | null): Promise<number> {
  const list = Array.isArray(body) ? body : [body];
  let points = 0;
  for (const item of list) {
    const params = (item && typeof item === "object" ? item : {}) as Params;
    let query = typeof params.query === "string" ? params.query : undefined;
    // A GET carries its extensions as JSON text.
    let extensions = params.extensions as unknown;
    if (typeof extensions === "string") {
      try {
        extensions = JSON.parse(extensions);
      } catch {
        extensions = undefined;
      }
    }
    const hash = (extensions as Params["extensions"])?.persistedQuery?.sha256Hash;
    if (query === undefined && typeof hash === "string" && apq) query = await apq(hash.toLowerCase());
    points += query === undefined ? 1 : operationPoints(schema, query, params, maxTokens, maxCost);
  }
  return Math.max(points, 1);
}
