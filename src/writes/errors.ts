// Expected failures of a write, returned as typed results through the Pothos errors plugin.
import type { ZodError } from "zod";

export interface FieldIssue {
  /** where in the input, e.g. ["input", "rows", 3, "amount"] */
  path: (string | number)[];
  /** the rule broken, e.g. "uscc.checksum", "nonNegative", "exists", "dateOrder" */
  rule: string;
  message: string;
}

/** One or more input fields break a rule. Every bad field is reported, not only the first. */
export class ValidationError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(
      issues.length === 1
        ? `Invalid input: ${formatPath(issues[0]!.path)}: ${issues[0]!.message}`
        : `Invalid input: ${issues.length} problems (see issues)`,
    );
    this.name = "ValidationError";
  }

  static fromZod(error: ZodError, basePath: (string | number)[] = ["input"]): ValidationError {
    return new ValidationError(
      error.issues.map((issue) => ({
        path: [...basePath, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
        rule: ruleOf(issue),
        message: issue.message,
      })),
    );
  }
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
export class NotFoundError extends Error {
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(`${entity} ${key} does not exist`);
    this.name = "NotFoundError";
  }
}

/** The write conflicts with the stored state (stale version, reused idempotency key, duplicate key). */
export class ConflictError extends Error {
  constructor(
    message: string,
    readonly currentVersion: number | null = null,
  ) {
    super(message);
    this.name = "ConflictError";
  }
}

export const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError];

/** Shared argument descriptions of every write. */
export const IDEMPOTENCY_KEY_DOC =
  "Optional key (1–200 printable characters) making the write safe to retry: a retry with the same key and input returns the first result without writing again (kept 24 h); the same key with other input is a ConflictError.";
export const EXPECTED_VERSION_DOC = "The version you read; when given, a different stored version is a ConflictError and nothing is written.";
