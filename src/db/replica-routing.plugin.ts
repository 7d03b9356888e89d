// With read replicas: a mutation runs wholly on the primary, and once it is answered its
// principal's next reads wait for a replica that has replayed it (src/db/replicas.ts).
//
// The request's client is chosen before the document is parsed (the context is built first), so
// the choice is corrected here, once the operation is known and before anything executes: a
// mutation's checks read what it is about to change, and must not read a replica behind the
// primary. (Its writes would reach the primary anyway: only reads outside a transaction are routed.)
import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphContext } from "../context.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { Principal } from "../access/principal.ts";
import type { ReplicaSet } from "./replicas.ts";

/** One principal for read-your-writes: the credential (an API key's prefix, or a token's issuer and subject). */
export function principalKey(p: Principal): string {
  return [p.agency, p.countyCode ?? "", p.kind, p.keyPrefix, p.name].join("|");
}

export function primaryForWritesPlugin(primary: PrismaClient, replicas: ReplicaSet): ApolloServerPlugin<GraphContext> {
  return {
    async requestDidStart() {
      let mutation = false;
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== "mutation") return;
          mutation = true;
          contextValue.prisma = primary;
        },
        async willSendResponse({ contextValue }) {
          // Before the response leaves: the client's next request already finds the position.
          // Recorded for a failed mutation too (part of it may have committed); it only costs
          // that principal's reads a moment on the primary.
          if (mutation && contextValue.principal) await replicas.wrote(principalKey(contextValue.principal)).catch(() => {});
        },
      };
    },
  };
}
