// Chinese first, English on request: the API of the message catalogue (catalogue.ts says how to
// add a message).
//
// The design, in one line: an error carries a catalogue key and its params; one step renders its
// message in the request's language.
// - `ctx.lang` is the request's language, resolved once from Accept-Language (lang.ts) when the
//   context is built; resolvers that write text use `t(ctx.lang, key, params)`.
// - `localizedError(key, params, extensions)` is a GraphQLError whose message is the English text
//   (what logs show) and whose `extensions.i18n` holds the key and params. Before a response leaves
//   (the errors plugin, the early-error hook, the WebSocket refusal), `localizeErrors(errors, lang)`
//   renders each such message in the request's language and drops `extensions.i18n`: clients see
//   only `message` change with the language, never the code.
import { GraphQLError, type GraphQLErrorExtensions, type GraphQLFormattedError } from "graphql";
import { catalogue, type MessageKey } from "./catalogue.ts";
import type { Lang } from "./lang.ts";
import { graphqlMessageIn } from "./graphql-messages.ts";

export { catalogue, type Message, type MessageKey } from "./catalogue.ts";
export { DEFAULT_LANG, isLang, langOfEnvironment, LANGS, resolveLang, type Lang } from "./lang.ts";

/**
 * A placeholder's value: a string or number, or a message of its own (a list of them is joined
 * with the language's separator): how a message names several rows' problems in one language.
 */
export type MessageParam = string | number | Localized | readonly Localized[] | { either: readonly string[] };
export type MessageParams = Record<string, MessageParam>;

/** A message not yet rendered: what errors carry until the request's language is known. */
export interface Localized {
  key: MessageKey;
  params?: MessageParams;
}

const LIST_SEPARATOR: Record<Lang, string> = { zh: "；", en: "; " };
/** Alternatives, `{ either: ["CBRC", "PBOC"] }`: "CBRC or PBOC", "CBRC 或 PBOC". */
const OR: Record<Lang, string> = { zh: " 或 ", en: " or " };

function paramIn(lang: Lang, value: MessageParam): string {
  if (typeof value === "string" || typeof value === "number") return String(value);
  if ("either" in value) return value.either.join(OR[lang]);
  if (Array.isArray(value)) return (value as readonly Localized[]).map((item) => t(lang, item.key, item.params)).join(LIST_SEPARATOR[lang]);
  const one = value as Localized;
  return t(lang, one.key, one.params);
}

export const hasMessage = (key: string): key is MessageKey => Object.hasOwn(catalogue, key);

/** The message `key` in `lang`, its `{name}` placeholders filled from `params` (a missing one stays as written). */
export function t(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  return catalogue[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? paramIn(lang, params[name]!) : whole));
}

/** A GraphQL error whose message is rendered in the request's language when the response is sent. */
export function localizedError(key: MessageKey, params: MessageParams = {}, extensions: GraphQLErrorExtensions = {}): GraphQLError {
  return new GraphQLError(t("en", key, params), { extensions: { ...extensions, i18n: { key, params } satisfies Localized } });
}

function localizedOf(extensions: Record<string, unknown> | undefined): Localized | null {
  const i18n = extensions?.i18n as Partial<Localized> | undefined;
  return i18n && typeof i18n.key === "string" && hasMessage(i18n.key) ? { key: i18n.key, ...(i18n.params ? { params: i18n.params } : {}) } : null;
}

/** The errors of a response as the client gets them: each catalogued message in `lang`, no `extensions.i18n`. */
export function localizeErrors<E extends GraphQLFormattedError>(errors: readonly E[], lang: Lang): E[] {
  return errors.map((error) => {
    if (!error.extensions || !("i18n" in error.extensions)) {
      // graphql-js's own messages (validation, variables, syntax) carry no key: recognised by their text.
      const message = graphqlMessageIn(error.message, lang);
      return message === null ? error : { ...error, message };
    }
    const { i18n: _i18n, ...extensions } = error.extensions;
    const localized = localizedOf(error.extensions);
    return { ...error, message: localized ? t(lang, localized.key, localized.params) : error.message, extensions };
  });
}
