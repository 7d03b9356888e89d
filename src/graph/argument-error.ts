// A client's bad argument, refused before anything executes: BAD_USER_INPUT (HTTP 400), naming the
// argument (`extensions.field`, e.g. "enterprises.first" or "nodes.ids[2]") and the rule it breaks.
// Messages never echo a cursor or an id: they may be long, and the argument is named.
// The message is a catalogue entry (src/i18n/parts/arguments.ts), rendered in the request's language.
import type { GraphQLError } from "graphql";
import { localizedError, type Localized } from "../i18n/index.ts";

export function argumentError(message: Localized, field: string, rule: string, extra: Record<string, unknown> = {}): GraphQLError {
  return localizedError(message.key, message.params, { code: "BAD_USER_INPUT", field, rule, ...extra, http: { status: 400 } });
}
