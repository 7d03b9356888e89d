// graphql-js's own messages in the request's language. graphql-js writes them in English and
// gives them no key, so a message is recognised by its English text: each entry of the catalogue's
// graphql part (parts/graphql.ts) becomes a pattern, its placeholders the parts of the message,
// and the Chinese text is rendered with those parts. A `reason` part (the scalar's or the input
// coercion's own message after "; ") is rendered the same way, and a trailing " Did you mean …?"
// keeps its suggestions as they are. A message no entry matches stays as graphql-js wrote it.
//
// Hand-written rather than a library: graphql-js has no message catalogue or hook to translate with,
// and this is one table (the catalogue) and one matcher.
import { catalogue, type MessageKey } from "./catalogue.ts";
import type { Lang } from "./lang.ts";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

interface Pattern {
  key: MessageKey;
  regex: RegExp;
  names: string[];
}

/** The English text as a pattern: the text around the placeholders literal, each placeholder one part. */
function patternOf(key: MessageKey): Pattern {
  const names: string[] = [];
  const pieces = catalogue[key].en.split(/(\{\w+\})/);
  const source = pieces
    .map((piece, i) => {
      const name = /^\{(\w+)\}$/.exec(piece)?.[1];
      if (!name) return escape(piece);
      names.push(name);
      // A quoted part ("{field}") holds no quote: it cannot swallow the rest of another message.
      return pieces[i + 1]?.startsWith('"') ? '([^"]+)' : "([\\s\\S]+?)";
    })
    .join("");
  return { key, regex: new RegExp(`^${source}$`), names };
}

const KEYS = (Object.keys(catalogue) as MessageKey[]).filter((key) => (key.startsWith("graphql.") || key.startsWith("scalar.")) && key !== "graphql.didYouMean");
// Longer English texts first: "… at "{path}"; {reason}" before "…; {reason}".
const PATTERNS = KEYS.map(patternOf).sort((a, b) => catalogue[b.key].en.length - catalogue[a.key].en.length);
const SUGGESTION = / Did you mean ([\s\S]+)\?$/;

/** `message` in `lang` when it is one of graphql-js's (or a scalar's) messages; null otherwise. */
export function graphqlMessageIn(message: string, lang: Lang): string | null {
  if (lang === "en") return null;
  const suggestion = SUGGESTION.exec(message);
  // "must have a selection of subfields. Did you mean …?" is one message of its own.
  const whole = translate(message, lang);
  if (whole !== null || !suggestion) return whole;
  const head = translate(message.slice(0, suggestion.index), lang);
  return head === null ? null : head + catalogue["graphql.didYouMean"][lang].replace("{suggestions}", suggestionsIn(suggestion[1]!, lang));
}

/** graphql-js's list of suggestions (`"a", "b", or "c"`, `the enum value "A"`) with its English words in `lang`. */
function suggestionsIn(list: string, lang: Lang): string {
  if (lang !== "zh") return list;
  return list.replace(/^the enum value /, "枚举值 ").replace(/,? or (?=")/g, " 或 ");
}

function translate(message: string, lang: Lang): string | null {
  for (const { key, regex, names } of PATTERNS) {
    const match = regex.exec(message);
    if (!match) continue;
    const parts = Object.fromEntries(names.map((name, i) => [name, match[i + 1]!]));
    if (parts.reason !== undefined) parts.reason = graphqlMessageIn(parts.reason, lang) ?? parts.reason;
    return catalogue[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => parts[name] ?? whole);
  }
  return null;
}
