// Validating a rule's new parameters. A shipped rule is validated with its own zod schema
// (rules/catalogue.ts, next to its SQL); a rule without one (not shipped) must keep the stored
// parameters' shape: the same keys, each value of the same JSON type, numbers finite (a threshold
// cannot become a string, nor a window disappear, since the rule's SQL reads them by name).
import { keyedIssue, type FieldIssue } from "../writes/errors.ts";
import type { MessageKey } from "../i18n/index.ts";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A JSON value's type, as its `json.<kind>` catalogue entry names it. */
const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** The issues of `next` against `current` (empty: valid), with paths under `base`. */
export function shapeIssues(current: unknown, next: unknown, base: (string | number)[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const walk = (cur: unknown, nxt: unknown, path: (string | number)[]) => {
    if (kind(cur) !== kind(nxt)) {
      issues.push(keyedIssue(path, "type", "type.sameAsBefore", { was: { key: `json.${kind(cur)}` as MessageKey }, now: { key: `json.${kind(nxt)}` as MessageKey } }));
      return;
    }
    if (typeof nxt === "number" && !Number.isFinite(nxt)) issues.push(keyedIssue(path, "type", "type.finiteNumber"));
    if (kind(cur) === "object") {
      const c = cur as Record<string, Json>;
      const n = nxt as Record<string, Json>;
      for (const k of Object.keys(c)) if (!(k in n)) issues.push(keyedIssue([...path, k], "required", "required.ruleParameter"));
      for (const k of Object.keys(n)) {
        if (!(k in c)) issues.push(keyedIssue([...path, k], "unknown", "unknown.ruleParameter"));
        else walk(c[k], n[k], [...path, k]);
      }
    }
  };
  walk(current, next, base);
  return issues;
}

/** Parses the parameters' JSON text; an issue when it is not a JSON object. */
export function parseParameters(textValue: string, path: (string | number)[]): { value: Record<string, unknown> } | { issue: FieldIssue } {
  try {
    const value = JSON.parse(textValue) as unknown;
    if (kind(value) !== "object") return { issue: keyedIssue(path, "type", "type.jsonObject") };
    return { value: value as Record<string, unknown> };
  } catch {
    return { issue: keyedIssue(path, "json", "json") };
  }
}
