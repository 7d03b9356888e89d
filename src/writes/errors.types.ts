// GraphQL shapes of the typed write errors.
import { builder } from "../builder.ts";
import { ConflictError, type FieldIssue, formatPath, issueMessage, messageIn, NotFoundError, ValidationError } from "./errors.ts";

const MutationErrorInterface = builder.interfaceRef<Error>("MutationError").implement({
  description: "An expected failure of a write. Nothing was written.",
  fields: (t) => ({
    message: t.string({ nullable: false, description: "What went wrong, in a sentence (in the request's language: Chinese unless Accept-Language asks for English).", resolve: (e, _args, ctx) => messageIn(e, ctx.lang) }),
  }),
});

const FieldIssueType = builder.objectRef<FieldIssue>("FieldIssue").implement({
  description: "One input field breaking one rule.",
  fields: (t) => ({
    path: t.stringList({
      nullable: false,
      description: 'Path to the field in the input, e.g. ["input", "rows", "3", "amount"].',
      resolve: (issue) => issue.path.map(String),
    }),
    field: t.string({ nullable: false, description: "The same path written out, e.g. input.rows[3].amount.", resolve: (issue) => formatPath(issue.path) }),
    rule: t.exposeString("rule", { nullable: false, description: "The rule broken, e.g. uscc.checksum, nonNegative, exists, dateOrder." }),
    message: t.string({ nullable: false, description: "What the rule requires (in the request's language; `rule` and `path` never change with it).", resolve: (issue, _args, ctx) => issueMessage(issue, ctx.lang) }),
  }),
});

builder.objectType(ValidationError, {
  name: "ValidationError",
  description: "The input breaks one or more rules; every bad field is listed.",
  interfaces: [MutationErrorInterface],
  fields: (t) => ({
    issues: t.field({ type: [FieldIssueType], nullable: false, description: "Every field and rule that failed.", resolve: (e) => e.issues }),
  }),
});

builder.objectType(NotFoundError, {
  name: "NotFoundError",
  description: "The record the write refers to does not exist (or is outside what the caller may see).",
  interfaces: [MutationErrorInterface],
  fields: (t) => ({
    entity: t.exposeString("entity", { nullable: false, description: "The kind of record, e.g. Loan." }),
    key: t.exposeString("key", { nullable: false, description: "The natural key looked for." }),
  }),
});

builder.objectType(ConflictError, {
  name: "ConflictError",
  description: "The write conflicts with stored state: a stale version, or an idempotency key reused for another request.",
  interfaces: [MutationErrorInterface],
  fields: (t) => ({
    currentVersion: t.exposeInt("currentVersion", { nullable: true, description: "The record's current version, when the conflict is a stale version." }),
  }),
});
