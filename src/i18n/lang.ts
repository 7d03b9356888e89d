// The language of a request's human-readable text, resolved once from Accept-Language.
// Chinese first: with no header, or a header naming only languages we do not write, the answer is
// the server's default (zh unless DEFAULT_LANGUAGE says otherwise). q-values are honoured, and a
// region ("en-US", "zh-CN") matches its language; negotiator does the parsing (RFC 9110 §12.5.4).
import Negotiator from "negotiator";

export const LANGS = ["zh", "en"] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = "zh";

export const isLang = (value: unknown): value is Lang => typeof value === "string" && (LANGS as readonly string[]).includes(value);

/**
 * The language of a command-line tool's messages: the POSIX locale (LC_ALL, LC_MESSAGES, LANG, in
 * that order: `en_US.UTF-8` → en, `zh_CN.UTF-8` → zh); a locale naming no language (C, POSIX) or
 * one we do not write leaves DEFAULT_LANGUAGE, else Chinese.
 */
export function langOfEnvironment(env: Record<string, string | undefined> = process.env): Lang {
  const fallback = isLang(env.DEFAULT_LANGUAGE) ? env.DEFAULT_LANGUAGE : DEFAULT_LANG;
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v && v.trim());
  const language = locale?.split(/[_.@-]/)[0]?.toLowerCase();
  return isLang(language) ? language : fallback;
}

/** The language to answer in for this Accept-Language header (a header repeated is joined). */
export function resolveLang(acceptLanguage: string | readonly string[] | undefined, fallback: Lang = DEFAULT_LANG): Lang {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(",") : (acceptLanguage as string | undefined);
  if (!header?.trim()) return fallback;
  // The fallback first, so "*" (any language) picks it.
  const available = [fallback, ...LANGS.filter((l) => l !== fallback)];
  const chosen = new Negotiator({ headers: { "accept-language": header } }).language(available);
  return isLang(chosen) ? chosen : fallback;
}
