// Personal data never reaches the audit log through an operation's variables: whole values under
// personal keys, and ID numbers and mobile numbers inside any other text. Enterprise codes (USCCs,
// all-digit ones included) and other numbers stay as sent, so the log still says what was asked.
import { isPersonalIdNumber } from "../../enterprise/id-number.ts";

const PERSONAL_KEYS = /idNumber|phone|informant|person|legalRepresentative/i;
const EIGHTEEN = /\b\d{17}[\dXx]\b/g;
const MOBILE = /\b1[3-9]\d{9}\b/g;

const redactText = (text: string) => text.replace(EIGHTEEN, (found) => (isPersonalIdNumber(found) ? "[id-number]" : found)).replace(MOBILE, "[phone]");

export function redactVariables(value: unknown, key = ""): unknown {
  if (PERSONAL_KEYS.test(key)) return "[redacted]";
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactVariables(v));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactVariables(v, k)]));
  return value;
}

/**
 * A value as JSON (decimals as their digits, dates as ISO timestamps), redacted as redactVariables
 * redacts, in one copy made while parsing: a write's input of 100,000 rows is not copied twice.
 */
export function redactedJson(value: unknown): unknown {
  if (value === undefined) return {};
  // The reviver sees each value after its contents, with its key ("0", "1", … for a list's items, as redactVariables passes none).
  return JSON.parse(JSON.stringify(value), (key, v: unknown) => (PERSONAL_KEYS.test(key) ? "[redacted]" : typeof v === "string" ? redactText(v) : v));
}
