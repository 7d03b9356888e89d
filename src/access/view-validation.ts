// Operations of every principal but FINANCE_BUREAU are validated against that principal's view of
// the schema (schema-view.ts), the one its introspection shows: a field, argument, input field,
// enum or type outside the view is answered exactly as one that does not exist, and no error
// names a type the view hides (Apollo validates against the full schema, whose messages would).
//
// Apollo validates before any plugin can answer, and caches the documents that pass; so this
// plugin checks each operation against the view once it is resolved (first of the plugins, so
// no limit or refusal answers before it), and replaces Apollo's own validation errors by the
// view's when Apollo refused the document. Variables are coerced against the view too: a hidden
// input field in a variable is as unknown as a misspelt one. Validation is cached per document
// and view, so a request repeating a document pays two lookups.
import type { ApolloServerOptions, ApolloServerPlugin } from "@apollo/server";
import { getVariableValues, GraphQLError, validate, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { GraphContext } from "../context.ts";
import { schemaViewFor } from "./schema-view.ts";

type FormatError = NonNullable<ApolloServerOptions<GraphContext>["formatError"]>;

const VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED";
const BAD_USER_INPUT = "BAD_USER_INPUT";

const validated = new WeakMap<DocumentNode, WeakMap<GraphQLSchema, readonly GraphQLError[]>>();

/** The errors of validating `document` against `view` (graphql-js's rules, as Apollo runs them), cached. */
export function viewValidationErrors(view: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] {
  let byView = validated.get(document);
  if (!byView) {
    byView = new WeakMap();
    validated.set(document, byView);
  }
  let errors = byView.get(view);
  if (!errors) {
    errors = validate(view, document);
    byView.set(view, errors);
  }
  return errors;
}

/** The variables' coercion errors against the view, as graphql-js reports them at execution (at most 50). */
function coercionErrors(view: GraphQLSchema, operation: OperationDefinitionNode | undefined, variables: Record<string, unknown> | undefined): readonly GraphQLError[] {
  if (!operation?.variableDefinitions?.length) return [];
  const coerced = getVariableValues(view, operation.variableDefinitions, variables ?? {}, { maxErrors: 50 });
  return coerced.errors ?? [];
}

/** What the view refuses in an operation and its variables, with the code Apollo gives such errors; null when nothing. */
export function viewRefusal(view: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode | undefined, variables: Record<string, unknown> | undefined): { errors: readonly GraphQLError[]; code: string } | null {
  const invalid = viewValidationErrors(view, document);
  if (invalid.length) return { errors: invalid, code: VALIDATION_FAILED };
  const coercion = coercionErrors(view, operation, variables);
  return coercion.length ? { errors: coercion, code: BAD_USER_INPUT } : null;
}

export function viewValidationPlugin(fullSchema: GraphQLSchema, formatError: FormatError): ApolloServerPlugin<GraphContext> {
  // Shaped as Apollo shapes its own validation and coercion errors, through the server's formatError.
  const shape = (errors: readonly GraphQLError[], code: string): GraphQLFormattedError[] =>
    errors.map((error) => formatError({ ...error.toJSON(), extensions: { ...error.extensions, code } }, error));
  return {
    async requestDidStart({ contextValue }) {
      if (!contextValue.access?.enforced || contextValue.principal.agency === "FINANCE_BUREAU") return;
      const view = () => schemaViewFor(fullSchema, contextValue.principal, contextValue.access.state);
      let answer: GraphQLFormattedError[] | null = null;
      return {
        // Synchronous up to the throw: the first plugin's refusal is the one Apollo answers with.
        async didResolveOperation({ document, operation, request }) {
          const refusal = viewRefusal(view(), document, operation, request.variables);
          if (!refusal) return;
          answer = shape(refusal.errors, refusal.code);
          throw new GraphQLError(answer[0]!.message, { extensions: { code: refusal.code, http: { status: 400 } } });
        },
        // Before the other plugins' (the request id, the suggestions' removal): they see the view's errors.
        async willSendResponse({ response, document }) {
          if (response.body.kind !== "single") return;
          const result = response.body.singleResult;
          if (!answer && document && result.data === undefined && result.errors?.some((e) => e.extensions?.code === VALIDATION_FAILED)) {
            // Apollo refused the document against the full schema: answer from the view instead.
            // (Should the view find nothing wrong, Apollo's errors came from its own extra rules,
            // which name no type, and stand.)
            const invalid = viewValidationErrors(view(), document);
            if (invalid.length) answer = shape(invalid, VALIDATION_FAILED);
          }
          if (answer) result.errors = answer;
        },
      };
    },
  };
}
