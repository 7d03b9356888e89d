// No leak through a filter or a sort: an operation may not filter, order or group on a field the
// principal cannot read in clear (denied, conditional without a grant, or masked). Checked on the
// parsed operation with its variables, before anything executes and before any SQL runs.
import {
  GraphQLError,
  TypeInfo,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import type { RequestAccess } from "./request-access.ts";
import { resourceOfEnumValue, resourceOfField } from "./policy/classify.ts";
import type { ResourceName } from "./policy/matrix.ts";

interface Use {
  what: string;
  resource: ResourceName;
}

/** The input fields and order/group enum values a value uses, with their resources. */
function usesOf(type: GraphQLInputType, value: unknown, path: string, out: Use[]): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return usesOf(type.ofType, value, path, out);
  if (isListType(type)) {
    if (Array.isArray(value)) for (const v of value) usesOf(type.ofType, v, path, out);
    return;
  }
  if (isEnumType(type)) {
    const resource = resourceOfEnumValue(type.name);
    if (resource) out.push({ what: `${type.name}.${String(value)}`, resource });
    return;
  }
  if (isInputObjectType(type) && typeof value === "object") {
    const fields = type.getFields();
    for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[name];
      if (!field || v === null || v === undefined) continue;
      const resource = resourceOfField(type.name, name);
      if (resource) out.push({ what: `${type.name}.${name}`, resource });
      usesOf(field.type, v, `${path}.${name}`, out);
    }
  }
}

/** Throws FORBIDDEN for the first filter/order/group input on data the principal may not read in clear. */
export function guardFilters(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, access: RequestAccess): void {
  const typeInfo = new TypeInfo(schema);
  const uses: Use[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(node) {
        // Writes are checked by their own rules (only owners write, and they read their own data).
        if (node.operation === "mutation") return false;
        return undefined;
      },
      Argument(node) {
        const argument = typeInfo.getArgument();
        if (!argument) return;
        const named = getNamedType(argument.type);
        if (!isInputObjectType(named) && !isEnumType(named)) return;
        usesOf(argument.type, valueFromAST(node.value, argument.type, variables), node.name.value, uses);
      },
    }),
  );
  for (const use of uses) {
    const decision = access.decision(use.resource);
    if (!decision.allow || decision.mask) {
      throw new GraphQLError(`Forbidden: filtering, ordering or grouping on ${use.what} needs clear read access to ${use.resource}.`, {
        extensions: { code: "FORBIDDEN", resource: use.resource, input: use.what, http: { status: 403 } },
      });
    }
  }
}

/** The resources an operation's allowed fields belong to (for the audit entry). */
export function resourcesSelected(schema: GraphQLSchema, document: DocumentNode, access: RequestAccess): string[] {
  const typeInfo = new TypeInfo(schema);
  const found = new Set<string>();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent || node.name.value.startsWith("__")) return;
        const resource = resourceOfField(parent.name, node.name.value);
        if (resource && resource !== "graph.structure" && access.decision(resource).allow) found.add(resource);
      },
    }),
  );
  return [...found].sort();
}
