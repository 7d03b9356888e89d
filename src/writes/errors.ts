// Expected failures of a write, returned as typed results through the Pothos errors plugin.
// Their messages are rendered in the request's language by the GraphQL types (errors.types.ts),
// from the catalogue (src/i18n/); `Error.message` stays English for logs.
import type { ZodError } from "zod";
import { catalogue, hasMessage, t, type Lang, type Localized, type MessageKey, type MessageParams } from "../i18n/index.ts";
import { graphqlMessageIn } from "../i18n/graphql-messages.ts";

export interface FieldIssue {
  /** where in the input, e.g. ["input", "rows", 3, "amount"] */
  path: (string | number)[];
  /** the rule broken, e.g. "uscc.checksum", "nonNegative", "exists", "dateOrder" */
  rule: string;
  /** the message as built (English); shown when the catalogue has no entry for this issue */
  message: string;
  /** the catalogue entry of this very message, when the site names one */
  key?: MessageKey;
  /** placeholders of the message: zod's minimum/maximum, or the refinement's own params */
  params?: MessageParams;
}

/**
 * An issue's message in `lang`: its own catalogue entry if it names one; else, in Chinese, the
 * entry `rule.<rule>` (the rule's generic wording, filled from the issue's params) when the params
 * fill all its placeholders; else the message as built.
 */
export function issueMessage(issue: Pick<FieldIssue, "rule" | "message" | "key" | "params">, lang: Lang): string {
  if (issue.key) return t(lang, issue.key, issue.params);
  const generic = `rule.${issue.rule}`;
  if (lang !== "en" && hasMessage(generic) && fills(catalogue[generic][lang], issue.params)) return t(lang, generic, issue.params);
  // A scalar's or graphql-js's own English message (a spreadsheet cell that is not a number or a
  // date) is recognised by its text, as in a GraphQL response (src/i18n/graphql-messages.ts).
  return graphqlMessageIn(issue.message, lang) ?? issue.message;
}

/** Whether `params` has a value for every placeholder of `text` (a generic wording with a hole would say less than the English). */
const fills = (text: string, params: MessageParams = {}) => [...text.matchAll(/\{(\w+)\}/g)].every(([, name]) => Object.hasOwn(params, name!));

/** Errors whose message the GraphQL types render in the request's language. */
export interface LocalizedMessage {
  messageIn(lang: Lang): string;
}

export const messageIn = (error: Error, lang: Lang): string =>
  typeof (error as Partial<LocalizedMessage>).messageIn === "function" ? (error as unknown as LocalizedMessage).messageIn(lang) : error.message;

/** One or more input fields break a rule. Every bad field is reported, not only the first. */
export class ValidationError extends Error implements LocalizedMessage {
  constructor(readonly issues: FieldIssue[]) {
    super("");
    this.message = this.messageIn("en");
    this.name = "ValidationError";
  }

  messageIn(lang: Lang): string {
    const [only] = this.issues;
    return this.issues.length === 1
      ? t(lang, "write.invalidOne", { field: formatPath(only!.path), problem: issueMessage(only!, lang) })
      : t(lang, "write.invalidMany", { count: this.issues.length });
  }

  static fromZod(error: ZodError, basePath: (string | number)[] = ["input"]): ValidationError {
    return new ValidationError(
      error.issues.map((issue) => ({
        path: [...basePath, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
        rule: ruleOf(issue),
        message: issue.message,
        ...keyOf(issue),
        params: paramsOf(issue),
      })),
    );
  }
}

/** A refinement names its catalogue entry as `params.key` (`{ rule: "required", key: "required.listedOn" }`). */
function keyOf(issue: ZodError["issues"][number]): { key?: MessageKey } {
  const key = (issue as { params?: { key?: unknown } }).params?.key;
  return typeof key === "string" && hasMessage(key) ? { key } : {};
}

/** The placeholders an issue's message may use: zod's bounds and expectations, our refinements' params. */
function paramsOf(issue: ZodError["issues"][number]): MessageParams {
  const { params, minimum, maximum, expected, values } = issue as { params?: Record<string, unknown>; minimum?: unknown; maximum?: unknown; expected?: unknown; values?: unknown[] };
  const out: MessageParams = {};
  // A refinement's own params come last: zod's keys (undefined on a custom issue) must not blank them.
  for (const [name, value] of Object.entries({ minimum, maximum, expected, ...params })) {
    if (name !== "rule" && name !== "key" && (typeof value === "string" || typeof value === "number" || typeof value === "bigint")) out[name] = typeof value === "bigint" ? Number(value) : value;
  }
  if (Array.isArray(values)) out.values = values.map(String).join(", ");
  return out;
}

/** Our refinements carry their rule name as `params.rule`; zod's own checks are named from their code. */
function ruleOf(issue: ZodError["issues"][number]): string {
  const params = (issue as { params?: { rule?: string } }).params;
  if (params?.rule) return params.rule;
  switch (issue.code) {
    case "too_small":
      return (issue as { origin?: string }).origin === "string" ? "minLength" : "min";
    case "too_big":
      return (issue as { origin?: string }).origin === "string" ? "maxLength" : "max";
    case "invalid_format":
      return "format";
    case "invalid_value":
      return "oneOf";
    case "invalid_type":
      return "type";
    default:
      return issue.code;
  }
}

export function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** The record the write refers to does not exist. */
export class NotFoundError extends Error implements LocalizedMessage {
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(t("en", "write.notFound", { entity, key }));
    this.name = "NotFoundError";
  }

  /** The message as a catalogue entry, to be rendered in another message (a spreadsheet's refusal). */
  get localized(): Localized {
    return { key: "write.notFound", params: { entity: this.entity, key: this.key } };
  }

  messageIn(lang: Lang): string {
    return t(lang, this.localized.key, this.localized.params);
  }
}

/** An issue whose message is the catalogue entry `key` (rendered in the request's language). */
export const keyedIssue = (path: (string | number)[], rule: string, key: MessageKey, params?: MessageParams): FieldIssue => ({
  path,
  rule,
  message: t("en", key, params),
  key,
  ...(params ? { params } : {}),
});

/**
 * The write conflicts with the stored state (stale version, reused idempotency key, duplicate key).
 * Built with a message (English, as written) or with a catalogue entry `{ key, params }`, which is
 * then rendered in the request's language.
 */
export class ConflictError extends Error implements LocalizedMessage {
  readonly localized: { key: MessageKey; params?: MessageParams } | null;

  constructor(
    message: string | { key: MessageKey; params?: MessageParams },
    readonly currentVersion: number | null = null,
  ) {
    super(typeof message === "string" ? message : t("en", message.key, message.params));
    this.localized = typeof message === "string" ? null : message;
    this.name = "ConflictError";
  }

  messageIn(lang: Lang): string {
    return this.localized ? t(lang, this.localized.key, this.localized.params) : this.message;
  }
}

export const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError];

/** Shared argument descriptions of every write. */
export const IDEMPOTENCY_KEY_DOC =
  "Optional key (1–200 printable characters) making the write safe to retry: a retry with the same key and input returns the first result without writing again (kept 24 h); the same key with other input is a ConflictError.";
export const EXPECTED_VERSION_DOC = "The version you read; when given, a different stored version is a ConflictError and nothing is written.";
