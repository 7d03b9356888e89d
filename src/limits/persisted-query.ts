// Automatic persisted queries (APQ): a client sends a query with its SHA-256 once, then the hash
// alone. A hash that is not the query's is the client's mistake; Apollo answers it with an error
// that has no code (so it read as an internal error). It is refused here, with the other
// GraphQL-over-HTTP checks: 400, BAD_USER_INPUT, naming the field and the rule.
import { createHash } from "node:crypto";

export const PERSISTED_QUERY_MISMATCH = {
  extensions: { field: "extensions.persistedQuery.sha256Hash", rule: "sha256OfQuery" },
};

/** Whether one operation's parameters carry both a query and a persisted-query hash that is not its hash. */
export function persistedQueryMismatch(params: unknown): boolean {
  const { query, extensions } = (params ?? {}) as { query?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } };
  const hash = extensions?.persistedQuery?.sha256Hash;
  if (typeof query !== "string" || typeof hash !== "string") return false;
  return createHash("sha256").update(query).digest("hex") !== hash.toLowerCase();
}
