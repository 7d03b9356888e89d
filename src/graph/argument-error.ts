// A client's bad argument, refused before anything executes: BAD_USER_INPUT (HTTP 400), naming the
// argument (`extensions.field`, e.g. "enterprises.first" or "nodes.ids[2]") and the rule it breaks.
// Messages never echo a cursor or an id: they may be long, and the argument is named.
import { GraphQLError } from "graphql";

export function argumentError(message: string, field: string, rule: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", field, rule, ...extra, http: { status: 400 } } });
}
