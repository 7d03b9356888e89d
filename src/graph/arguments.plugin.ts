// Checks the arguments the graph itself interprets, once the operation is resolved and before
// anything executes: page sizes (page-size.ts), cursors and their combinations (cursors.ts), global
// ids (global-ids.ts). A bad one is a request error: HTTP 400, BAD_USER_INPUT naming the argument
// and the rule, no data, no SQL; otherwise Pothos or Prisma would throw it, deep in a resolver, as
// an internal error. Values are read as execution will see them: variables coerced, defaults applied.
import type { ApolloServerPlugin } from "@apollo/server";
import {
  getArgumentValues,
  getVariableValues,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLError,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { assertIdCursors, cursorArgumentsProblem, cursorKindOf, cursorProblem } from "./cursors.ts";
import { globalIdProblem, nodeTypes } from "./global-ids.ts";
import { pageSizeBounds, pageSizeProblem } from "./page-size.ts";

/** Whether the graph interprets one of this field's arguments itself. */
const checked = (field: GraphQLField<unknown, unknown>) =>
  cursorKindOf(field) !== null || field.args.some((a) => pageSizeBounds(a.extensions) || a.extensions?.isRelayGlobalID);

type CheckedFields = Array<{ field: GraphQLField<unknown, unknown>; node: FieldNode }>;

/**
 * The fields to check of each operation, per schema: they depend on the document alone, and
 * Apollo keeps one parsed document per query text, so an operation sent again is the same object.
 */
const fieldsToCheck = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, CheckedFields>>();

/** The fields to check, in the operation that runs and its fragments (the document's other operations do not run). */
function checkedFields(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): CheckedFields {
  let bySchema = fieldsToCheck.get(schema);
  if (!bySchema) fieldsToCheck.set(schema, (bySchema = new WeakMap()));
  const known = bySchema.get(operation);
  if (known) return known;
  const typeInfo = new TypeInfo(schema);
  const fields: CheckedFields = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition: (node) => (node === operation ? undefined : false),
      Field(node) {
        const field = typeInfo.getFieldDef();
        if (field && node.arguments?.length && checked(field)) fields.push({ field, node });
      },
    }),
  );
  bySchema.set(operation, fields);
  return fields;
}

function firstProblem(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): GraphQLError | null {
  const fields = checkedFields(schema, document, operation);
  // Most operations (every write with a large input among them) stop here, their variables untouched.
  if (!fields.length) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  // Variables of the wrong type: execution refuses them with graphql-js's own message.
  if (coerced.errors) return null;
  for (const { field, node } of fields) {
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(field, node, coerced.coerced);
    } catch {
      continue; // execution reports it
    }
    const kind = cursorKindOf(field);
    for (const def of field.args) {
      const bounds = pageSizeBounds(def.extensions);
      const problem =
        (bounds ? pageSizeProblem(field.name, def.name, args[def.name], bounds) : null) ??
        (kind && (def.name === "after" || def.name === "before") ? cursorProblem(kind, field.name, def.name, args[def.name]) : null) ??
        (def.extensions?.isRelayGlobalID ? globalIdProblem(schema, field.name, def.name, args[def.name]) : null);
      if (problem) return problem;
    }
    const combination = kind ? cursorArgumentsProblem(kind, field.name, args) : null;
    if (combination) return combination;
  }
  return null;
}

export function argumentsPlugin(schema: GraphQLSchema): ApolloServerPlugin {
  // Both check Int ids: a type keyed otherwise stops the server here, at start.
  assertIdCursors(schema);
  nodeTypes(schema);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const problem = firstProblem(schema, document, operation, request.variables ?? {});
          // Thrown here, it reaches the client as a request error: nothing has executed.
          if (problem) throw problem;
        },
      };
    },
  };
}
