// Each event a subscription delivers is a read like an HTTP query's answer, and leaves as one:
// denied fields collapsed and listed, masked fields listed in extensions.access, the audit entry
// written before the payload leaves (no audit, no data), errors shaped as on HTTP. The same steps
// as access.plugin.ts's willSendResponse, for graphql-ws's onNext.
import { createHash } from "node:crypto";
import type { DocumentNode, ExecutionResult, FormattedExecutionResult, GraphQLError, GraphQLFormattedError, GraphQLSchema } from "graphql";
import type { GraphContext } from "../context.ts";
import type { Logger } from "../logger.ts";
import { auditSubject } from "../access/audit/chain.ts";
import { redactVariables } from "../access/audit/redact.ts";
import { collapseDenials } from "../access/denial-report.ts";
import { resourcesSelected } from "../access/filter-guard.ts";

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

export interface EventOperation {
  document: DocumentNode;
  source: string;
  operationName: string | null;
  variables: Record<string, unknown>;
}

export async function finishEventResult(ctx: GraphContext, operation: EventOperation, result: ExecutionResult, fullSchema: GraphQLSchema, formatError: FormatError, logger: Logger): Promise<FormattedExecutionResult> {
  const formatted = (result.errors ?? []).map((e: GraphQLError) => formatError(e.toJSON(), e));
  const out: FormattedExecutionResult = { data: result.data ?? null };
  const access = ctx.access;
  if (formatted.length) {
    const { errors, denied } = collapseDenials(formatted);
    out.errors = errors;
    access.denied = denied;
  }
  const masked = access.masked();
  const event = ctx.subscription?.event;
  out.extensions = {
    ...(event ? { event } : {}),
    ...(access.denied.length || masked.length ? { access: { denied: access.denied, masked } } : {}),
  };
  if (!access.enforced || result.data == null) return out;
  const counts = access.counts();
  try {
    await ctx.audit.append({
      ...auditSubject(ctx),
      operationName: operation.operationName,
      documentHash: createHash("sha256").update(operation.source).digest("hex"),
      variables: redactVariables(operation.variables),
      purpose: access.purposesUsed.size ? [...access.purposesUsed].join("; ") : null,
      resources: resourcesSelected(fullSchema, operation.document, access),
      deniedFields: counts.denied,
      maskedFields: counts.masked,
      records: access.auditRecords(),
    });
  } catch (error) {
    // No unaudited data leaves: the event is delivered as an error without data.
    logger.error({ err: error, reqId: ctx.requestId }, "audit write failed; subscription event withheld");
    return { data: null, errors: [{ message: "The access audit could not be written, so this event's data was withheld.", extensions: { code: "AUDIT_UNAVAILABLE", requestId: ctx.requestId, ...(event ? { event } : {}) } }] };
  }
  return out;
}
