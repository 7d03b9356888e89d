// Apollo plugin for the access layer, per request:
// - before execution: find the fields that filter/sort on data the principal cannot read, to be
//   denied at execution (filter-guard.ts), and decide each field coordinate whose rule does not
//   depend on the row, once (shield.ts planCoordinates);
// - introspection: answered from the principal's view of the schema (schema-view.ts);
// - after execution: report denied and masked fields (each coordinate once, with its places) in
//   the errors and `extensions.access`, drop "Did you mean"
//   suggestions for everyone but FINANCE_BUREAU, and write the audit entry before the response
//   leaves. If the audit cannot be written, the response carries no data.
import { localizedError, t } from "../i18n/index.ts";
import { createHash } from "node:crypto";
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContextWillSendResponse } from "@apollo/server";
import { execute, Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import type { GraphContext } from "../context.ts";
import type { Logger } from "../logger.ts";
import { auditSubject } from "./audit/chain.ts";
import { redactVariables } from "./audit/redact.ts";
import { refusedFields, resourcesSelected } from "./filter-guard.ts";
import { schemaViewFor } from "./schema-view.ts";
import { collapseDenials } from "./denial-report.ts";
import { planCoordinates } from "./shield.ts";
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "../limits/errors.ts";

const SUGGESTION = /\s*Did you mean [^?]*\?/g;
const hasSuggestion = (message: string) => message.includes("Did you mean");

/** The root fields an operation selects, through inline fragments and fragment spreads too. */
function rootFields(operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): string[] {
  const names: string[] = [];
  const walk = (set: SelectionSetNode, seen: Set<string>) => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) names.push(sel.name.value);
      else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet, seen);
      else if (!seen.has(sel.name.value) && fragments[sel.name.value]) walk(fragments[sel.name.value]!.selectionSet, new Set([...seen, sel.name.value]));
    }
  };
  walk(operation.selectionSet, new Set());
  return names;
}

function introspectionKind(operation: OperationDefinitionNode | null | undefined, document: DocumentNode | undefined): "none" | "only" | "mixed" {
  if (!operation || !document) return "none";
  const fragments = Object.fromEntries(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const roots = rootFields(operation, fragments);
  if (!roots.some((n) => n === "__schema" || n === "__type")) return "none";
  return roots.every((n) => n.startsWith("__")) ? "only" : "mixed";
}

function stripSuggestions(rc: GraphQLRequestContextWillSendResponse<GraphContext>): void {
  if (rc.contextValue.principal?.agency === "FINANCE_BUREAU" || rc.response.body.kind !== "single") return;
  const errors = rc.response.body.singleResult.errors;
  if (!errors) return;
  // (Stack traces, which repeat the message, suggestion included, are FINANCE_BUREAU's alone: src/limits/errors.ts.)
  rc.response.body.singleResult.errors = errors.map((e) => (hasSuggestion(e.message) ? { ...e, message: e.message.replace(SUGGESTION, "") } : e));
}

async function audit(rc: GraphQLRequestContextWillSendResponse<GraphContext>, schema: GraphQLSchema, logger: Logger): Promise<void> {
  const body = rc.response.body;
  if (body.kind !== "single" || body.singleResult.data == null) return;
  const ctx = rc.contextValue;
  const access = ctx.access;
  const counts = access.counts();
  const records = access.auditRecords();
  try {
    // Group commit (audit/group-commit.ts): resolves once the entry has committed.
    const entryId = await ctx.audit.append({
      ...auditSubject(ctx),
      operationName: rc.operationName ?? null,
      // Apollo's queryHash is the same SHA-256 of the document's text (computed, or an APQ hash it
      // checked against the text when the document was registered): not hashed a second time.
      documentHash: rc.queryHash ?? createHash("sha256").update(rc.source ?? "").digest("hex"),
      variables: redactVariables(rc.request.variables ?? {}),
      purpose: access.purposesUsed.size ? [...access.purposesUsed].join("; ") : null,
      resources: rc.document ? resourcesSelected(schema, rc.document, access) : [],
      deniedFields: counts.denied,
      maskedFields: counts.masked,
      records,
    });
    // A signed response names the entry (src/signing/response-signature.ts).
    ctx.evidence?.auditEntryIds.push(entryId.toString());
  } catch (error) {
    // No unaudited data leaves: the response becomes an error without data.
    logger.error({ err: error, reqId: ctx.requestId }, "audit write failed; response withheld");
    body.singleResult.data = undefined;
    body.singleResult.extensions = undefined;
    if (isDatabaseUnavailable(error)) {
      // The database is gone (the operation itself may have been answered from memory: keys,
      // grants and policy are cached): the answer clients know to retry (src/limits/errors.ts).
      body.singleResult.errors = [{ message: t(ctx.lang, "database.unavailable", { seconds: RETRY_AFTER_SECONDS }), extensions: { code: "DATABASE_UNAVAILABLE", requestId: ctx.requestId } }];
      rc.response.http.status = 503;
      rc.response.http.headers.set("retry-after", String(RETRY_AFTER_SECONDS));
      return;
    }
    body.singleResult.errors = [
      // Set after the errors plugin rendered the others: rendered here, in the request's language.
      { message: t(ctx.lang, "audit.unavailable"), extensions: { code: "AUDIT_UNAVAILABLE", requestId: ctx.requestId } },
    ];
    rc.response.http.status = 503;
  }
}

export function accessPlugin(fullSchema: GraphQLSchema, logger: Logger): ApolloServerPlugin<GraphContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, contextValue, operation, schema }) {
          if (introspectionKind(operation, document) === "mixed") {
            throw localizedError("access.introspectionAlone", {}, { code: "BAD_USER_INPUT", http: { status: 400 } });
          }
          contextValue.access.refusals = refusedFields(schema, document, request.variables ?? {}, contextValue.access);
          // Each field coordinate's row-independent decision, made once before execution (shield.ts, coordinate-decisions.ts).
          planCoordinates(schema, document, contextValue);
        },
        async responseForOperation({ operation, document, request, contextValue }) {
          if (introspectionKind(operation, document) !== "only") return null;
          const view = schemaViewFor(fullSchema, contextValue.principal, contextValue.access.state);
          const result = await execute({ schema: view, document, variableValues: request.variables, operationName: request.operationName, contextValue });
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: "single", singleResult: { data: result.data, errors: result.errors?.map((e) => e.toJSON()) } } };
        },
        async willSendResponse(rc) {
          if (!rc.contextValue.access) return;
          stripSuggestions(rc);
          const access = rc.contextValue.access;
          const body = rc.response.body;
          if (body.kind !== "single") return;
          // Denied fields: the FORBIDDEN errors of the response, one per coordinate with the number
          // of places, and every place in extensions.access (denial-report.ts).
          if (body.singleResult.errors) {
            const { errors, denied } = collapseDenials(body.singleResult.errors);
            body.singleResult.errors = errors;
            access.denied = denied;
          }
          const masked = access.masked();
          if (access.denied.length || masked.length) body.singleResult.extensions = { ...body.singleResult.extensions, access: { denied: access.denied, masked } };
          // Aggregates under a grant say which groups the minimum group size left out (min-group.ts).
          if (access.suppressions.length) body.singleResult.extensions = { ...body.singleResult.extensions, minimumGroupSize: access.suppressions };
          // Data read under a grant carries the grant's use limits, so the receiving system keeps them with it.
          if (access.grantsUsed.size) body.singleResult.extensions = { ...body.singleResult.extensions, useLimits: access.useLimits() };
          await audit(rc, fullSchema, logger);
        },
      };
    },
  };
}
