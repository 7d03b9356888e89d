// Enforces trusted operations for machine principals (principal kind SYSTEM): the document must be
// registered (by its normalised hash). Analysts (USER) are not restricted here.
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { GraphContext } from "../context.ts";
import { operationId, type RegisteredOperation } from "./manifest.ts";

export function trustedOperationsPlugin(manifest: Map<string, RegisteredOperation>): ApolloServerPlugin<GraphContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ source, contextValue }) {
          if (contextValue.principal.kind !== "SYSTEM") return;
          let id: string | null = null;
          try {
            id = operationId(source);
          } catch {
            // Unparseable documents never get this far.
            return;
          }
          if (!manifest.has(id)) {
            throw new GraphQLError("This system may run only registered operations; this document is not registered (npm run operations:publish).", {
              extensions: { code: "PERSISTED_QUERY_NOT_FOUND", http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/**
 * A request naming a registered operation by hash only (extensions.persistedQuery.sha256Hash, the
 * normalised-document id) gets the document filled in before Apollo sees it; Apollo then checks the
 * hash against the text as for any persisted query.
 */
export function fillRegisteredDocument(body: unknown, manifest: Map<string, RegisteredOperation>): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const b = body as { query?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } };
  const hash = b.extensions?.persistedQuery?.sha256Hash;
  if (b.query || typeof hash !== "string") return body;
  const registered = manifest.get(hash);
  if (!registered) return body;
  // Apollo verifies sha256(query) === sha256Hash, so drop the hash: the id is of the printed form.
  const { persistedQuery: _p, ...extensions } = b.extensions ?? {};
  return { ...b, query: registered.document, extensions };
}
