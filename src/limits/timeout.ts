// Operation timeout (OPERATION_TIMEOUT_MS, default 30,000; 0: none). A query that is still
// executing when its time is up starts no further SQL: every Prisma call it makes after the
// deadline fails at once, so it unwinds as soon as the statement in flight returns, and the client
// gets HTTP 504 with code OPERATION_TIMEOUT and no partial data. A query that finishes its work
// late, without being stopped, answers normally.
// Mutations are never interrupted: stopping a write half-way (a committed transaction followed by
// a refused one) would leave the client unable to tell what was written. Writes are bounded by the
// body size and their own row limits instead.
// A statement already running is not cancelled (PGlite cannot cancel one; on PostgreSQL set the
// role's statement_timeout as well, see docs/limits.md).
import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphContext } from "../context.ts";
import type { PrismaClient } from "../db/database.ts";
import { refusal } from "./refusal.ts";
import { directQueryOf, registerDirect } from "../db/direct-query.ts";


/** (exported for test/direct-query.test.ts) */
export class Deadline {
  /** a Prisma call was refused: the response would have holes, so it is replaced whole */
  interrupted = false;
  // Compared at each Prisma call rather than set by a timer: a timer fires only when the event
  // loop gets round to it, which an operation whose statements resolve in microtasks never lets happen.
  private at: number;

  constructor(ms: number) {
    this.at = performance.now() + ms;
  }

  /** No more interruptions: the operation is a mutation, or its execution is over. */
  disarm(): void {
    this.at = Infinity;
  }

  check(): void {
    if (performance.now() < this.at) return;
    this.interrupted = true;
    throw refusal("limit.timeout", "OPERATION_TIMEOUT", 504, { limit: "timeout" });
  }
}

/**
 * The request's Prisma client, checking the deadline before each call: model methods
 * (`prisma.loan.findMany`) and raw queries. A proxy costs nothing to create, unlike `$extends`.
 */
export function guarded(prisma: PrismaClient, deadline: Deadline): PrismaClient {
  const wrap = <T extends object>(target: T, isDelegate: boolean): T => {
    // Each property is looked up once per request, wrapped if it reaches the database.
    const cache = new Map<PropertyKey, unknown>();
    return new Proxy(target, {
      get(obj, prop): unknown {
        const value: unknown = Reflect.get(obj, prop);
        if (typeof prop !== "string") return value;
        if (cache.has(prop)) return cache.get(prop);
        let out: unknown = value;
        if (typeof value === "function") {
          const guardedCall = prop.startsWith("$query") || prop.startsWith("$execute") || prop === "$transaction" || isDelegate;
          out = guardedCall
            ? (...args: unknown[]) => {
                deadline.check();
                return (value as (...a: unknown[]) => unknown).apply(obj, args);
              }
            : (value as (...a: unknown[]) => unknown).bind(obj);
        } else if (value && typeof value === "object" && typeof (value as { findMany?: unknown }).findMany === "function") {
          out = wrap(value as object, true); // a model delegate: every method reads or writes
        }
        cache.set(prop, out);
        return out;
      },
    });
  };
  const client = wrap(prisma, false);
  // The statements that skip Prisma's runtime (src/db/direct-query.ts) meet the deadline too.
  const direct = directQueryOf(prisma);
  if (direct) {
    registerDirect(client, (sql, params) => {
      deadline.check();
      return direct(sql, params);
    });
  }
  return client;
}

export function operationTimeoutPlugin(ms: number): ApolloServerPlugin<GraphContext> {
  return {
    async requestDidStart({ contextValue }) {
      if (!ms) return;
      const deadline = new Deadline(ms);
      // contextValue is this operation's own copy of the context (Apollo clones it per operation).
      contextValue.prisma = guarded(contextValue.prisma, deadline);
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== "query") deadline.disarm();
        },
        async executionDidStart() {
          return { executionDidEnd: async () => deadline.disarm() };
        },
        // Before the access plugin's audit (registered after this one): a replaced response has no data to audit.
        async willSendResponse({ response }) {
          deadline.disarm();
          if (!deadline.interrupted || response.body.kind !== "single") return;
          const { message, extensions } = refusal("limit.timeout", "OPERATION_TIMEOUT", 504, { limit: "timeout" });
          const { http: _http, ...rest } = extensions;
          const error = { message, extensions: rest };
          response.body.singleResult = { errors: [error], extensions: response.body.singleResult.extensions };
          response.http.status = 504;
        },
      };
    },
  };
}
