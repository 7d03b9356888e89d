// Personal data never reaches the audit log through an operation's variables.
const PERSONAL_KEYS = /idNumber|phone|informant|person|legalRepresentative/i;
const ID_NUMBER = /\b\d{17}[\dX]\b/g;
const MOBILE = /\b1[3-9]\d{9}\b/g;

export function redactVariables(value: unknown, key = ""): unknown {
  if (PERSONAL_KEYS.test(key)) return "[redacted]";
  if (typeof value === "string") return value.replace(ID_NUMBER, "[id-number]").replace(MOBILE, "[phone]");
  if (Array.isArray(value)) return value.map((v) => redactVariables(v));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactVariables(v, k)]));
  return value;
}
