// Enforces trusted operations for machine principals (principal kind SYSTEM): the document must be
// registered (by its normalised hash), by one of the systems the key is bound to (ApiKey.systems:
// a document under clients/pboc-statements/ is for keys of pboc-statements only). Analysts (USER)
// are not restricted here. The same check guards subscriptions over WebSocket (events/graphql-ws.ts).
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { GraphContext } from "../context.ts";
import type { Principal } from "../access/principal.ts";
import { operationId, type RegisteredOperation, type TrustedOperation } from "./manifest.ts";
import { localizedError } from "../i18n/index.ts";

/** Why a principal may not run `source` (null: it may). HTTP adds the status; WebSocket closes with the error. */
export function trustedRefusal(manifest: Map<string, TrustedOperation>, principal: Principal, source: string): GraphQLError | null {
  if (principal.kind !== "SYSTEM") return null;
  let id: string;
  try {
    id = operationId(source);
  } catch {
    // Unparseable documents never get this far (and run nothing).
    return null;
  }
  const registered = manifest.get(id);
  if (!registered) return localizedError("operations.notRegistered", {}, { code: "PERSISTED_QUERY_NOT_FOUND" });
  const mine = principal.systems ?? [];
  if (mine.some((s) => registered.systems.has(s))) return null;
  const owners = [...registered.systems].sort().join(", ");
  if (!mine.length) return localizedError("operations.noSystem", {}, { code: "FORBIDDEN", rule: "operationSystem", registeredBy: [...registered.systems].sort() });
  return localizedError("operations.otherSystem", { owners, mine: mine.join(", ") }, { code: "FORBIDDEN", rule: "operationSystem", registeredBy: [...registered.systems].sort(), keySystems: [...mine] });
}

export function trustedOperationsPlugin(manifest: Map<string, TrustedOperation>): ApolloServerPlugin<GraphContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ source, contextValue }) {
          const refusal = trustedRefusal(manifest, contextValue.principal, source);
          if (!refusal) return;
          const status = refusal.extensions.code === "FORBIDDEN" ? 403 : 400;
          throw new GraphQLError(refusal.message, { extensions: { ...refusal.extensions, http: { status } } });
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
