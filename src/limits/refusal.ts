// How a protection says no: a GraphQL error with a code, an HTTP status and, where it helps,
// `extensions.limit` naming the protection. Messages never state the configured limit nor echo
// the query (docs/limits.md lists the limits).
import { HeaderMap } from "@apollo/server";
import { GraphQLError } from "graphql";

export function refusal(message: string, code: string, status: number, extensions: Record<string, unknown> = {}, headers: Record<string, string> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions, http: { status, headers: new HeaderMap(Object.entries(headers)) } } });
}

/** The body of a refusal made outside Apollo (the HTTP layer), in GraphQL's error shape. */
export function refusalBody(message: string, code: string, requestId: string, extensions: Record<string, unknown> = {}): string {
  return JSON.stringify({ errors: [{ message, extensions: { code, ...extensions, requestId } }] });
}
