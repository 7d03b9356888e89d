// How a protection says no: a GraphQL error with a code, an HTTP status and, where it helps,
// `extensions.limit` naming the protection. Messages never state the configured limit nor echo
// the query (docs/limits.md lists the limits).
// The message is a catalogue key (src/i18n/), rendered in the request's language on the way out;
// a plain string is a message not yet in the catalogue, sent as written.
import { HeaderMap } from "@apollo/server";
import { GraphQLError } from "graphql";
import { localizedError, type Localized, type MessageKey } from "../i18n/index.ts";

export type RefusalMessage = MessageKey | Localized | { text: string };

export function refusal(message: RefusalMessage, code: string, status: number, extensions: Record<string, unknown> = {}, headers: Record<string, string> = {}): GraphQLError {
  const all = { code, ...extensions, http: { status, headers: new HeaderMap(Object.entries(headers)) } };
  if (typeof message === "object" && "text" in message) return new GraphQLError(message.text, { extensions: all });
  const { key, params } = typeof message === "string" ? { key: message, params: {} } : message;
  return localizedError(key, params, all);
}

/** The body of a refusal made outside Apollo (the HTTP layer), in GraphQL's error shape. */
export function refusalBody(message: RefusalMessage, code: string, requestId: string, extensions: Record<string, unknown> = {}): string {
  const error = refusal(message, code, 0, extensions);
  const { http: _http, ...rest } = error.extensions;
  return JSON.stringify({ errors: [{ message: error.message, extensions: { ...rest, requestId } }] });
}
