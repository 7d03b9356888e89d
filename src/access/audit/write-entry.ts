// The audit entry of a write, appended in the write's own transaction (src/writes/write.ts): who
// wrote, which mutation, its input (personal data redacted) and the records it changed. A write
// whose entry cannot be stored rolls back; the response's read entry follows as for any operation.
import type { GraphContext } from "../../context.ts";
import { MUTATION_RESOURCES, TYPE_RESOURCES } from "../policy/resources.ts";
import type { AuditInput } from "./chain.ts";
import { auditSubject } from "./chain.ts";
import { redactedJson } from "./redact.ts";

export interface WriteAudit {
  /** the mutation, e.g. "upsertLoan" */
  operation: string;
  /** the mutation's input as received */
  input: unknown;
  /** SHA-256 of the mutation and its input (what an idempotency key is checked against) */
  requestHash: string;
  records: readonly { entityType: string; entityId: number; fields: readonly string[] }[];
}

export function writeAuditEntry(ctx: GraphContext, write: WriteAudit): AuditInput {
  const resource = MUTATION_RESOURCES[write.operation] ?? null;
  return {
    ...auditSubject(ctx),
    operationName: `Mutation.${write.operation}`,
    // A write's entry hashes what was written (the mutation and its input), not the document that carried it.
    documentHash: write.requestHash,
    // The input as the mutation received it, parsed (decimals as their digits, dates as ISO timestamps), redacted.
    variables: redactedJson(write.input),
    purpose: null,
    resources: resource ? [resource] : [],
    deniedFields: 0,
    maskedFields: 0,
    records: write.records.map((r) => ({
      entityType: r.entityType,
      entityId: r.entityId,
      resource: TYPE_RESOURCES[r.entityType] ?? resource ?? "records.history",
      fields: [...r.fields],
    })),
  };
}
