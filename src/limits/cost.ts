// Cost limit (MAX_COST, default 200,000): what an operation may ask the database for, from the
// page sizes it requests. Every field costs 1; a connection field (a type named *Connection)
// costs 1 plus its children's cost times its page size, `first` or `last` (the larger when both,
// 50 when neither: the schema's default page). So
//   enterprises(first: 500) { nodes { loans(first: 500) { nodes { amount } } } }
// costs 1 + 500 × (1 + 1 + 500 × (1 + 1)) = 501,001 and is refused before anything executes.
// Page sizes given as variables are read from the request's variables. Plain lists are not
// multiplied (lists here are short or bounded by their own rules).
// Introspection is priced too: it needs no database, but its answer can be large (the whole
// schema is about 580 KB) and aliases repeat it. Each list it returns multiplies its children's
// cost by that list's average length in the schema (e.g. __Type.fields: fields per type), so an
// introspection costs about the number of values it returns: graphql-js's standard introspection
// query (the explorer's) about 85,000, so that one fits and a few dozen aliased copies do not.
import {
  GraphQLError,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  isUnionType,
  valueFromAST,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { Fragments } from "./depth.ts";
import { refusal } from "./refusal.ts";

/** The page a connection serves when the client names none (Pothos relay's default). */
export const DEFAULT_PAGE_SIZE = 50;

function pageSize(node: FieldNode, field: GraphQLField<unknown, unknown>, variables: Record<string, unknown>): number {
  let size: number | null = null;
  for (const arg of node.arguments ?? []) {
    if (arg.name.value !== "first" && arg.name.value !== "last") continue;
    const def = field.args.find((a) => a.name === arg.name.value);
    const value = def ? valueFromAST(arg.value, def.type, variables) : undefined;
    if (typeof value === "number") size = Math.max(size ?? 0, value);
  }
  return size ?? DEFAULT_PAGE_SIZE;
}

/** The average length, in this schema, of each list introspection returns ("__Type.fields" → fields per type). */
const introspectionLists = new WeakMap<GraphQLSchema, ReadonlyMap<string, number>>();

function introspectionListLengths(schema: GraphQLSchema): ReadonlyMap<string, number> {
  let lengths = introspectionLists.get(schema);
  if (lengths) return lengths;
  const types = Object.values(schema.getTypeMap());
  const directives = schema.getDirectives();
  let fields = 0, args = 0, interfaces = 0, possibleTypes = 0, enumValues = 0, inputFields = 0;
  for (const type of types) {
    if (isObjectType(type) || isInterfaceType(type)) {
      const own = Object.values(type.getFields());
      fields += own.length;
      args += own.reduce((n, f) => n + f.args.length, 0);
      interfaces += type.getInterfaces().length;
    }
    if (isInterfaceType(type) || isUnionType(type)) possibleTypes += schema.getPossibleTypes(type).length;
    if (isEnumType(type)) enumValues += type.getValues().length;
    if (isInputObjectType(type)) inputFields += Object.keys(type.getFields()).length;
  }
  const perType = (n: number) => n / Math.max(types.length, 1);
  lengths = new Map([
    ["__Schema.types", types.length],
    ["__Schema.directives", directives.length],
    ["__Type.fields", perType(fields)],
    ["__Type.interfaces", perType(interfaces)],
    ["__Type.possibleTypes", perType(possibleTypes)],
    ["__Type.enumValues", perType(enumValues)],
    ["__Type.inputFields", perType(inputFields)],
    ["__Field.args", args / Math.max(fields, 1)],
    ["__Directive.args", directives.reduce((n, d) => n + d.args.length, 0) / Math.max(directives.length, 1)],
  ]);
  introspectionLists.set(schema, lengths);
  return lengths;
}

export function operationCost(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Fragments, variables: Record<string, unknown>): number {
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const lists = introspectionListLengths(schema);
  // A fragment's cost does not depend on where it is spread: computed once each.
  const memo = new Map<string, number>();
  const costOf = (set: SelectionSetNode, parent: GraphQLNamedType): number => {
    let cost = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        // __typename is answered from the object at hand.
        if (name === "__typename") continue;
        const field =
          name === "__schema" ? SchemaMetaFieldDef
          : name === "__type" ? TypeMetaFieldDef
          : isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name]
          : undefined;
        if (!field || !sel.selectionSet) {
          cost += 1;
          continue;
        }
        const type = getNamedType(field.type);
        const children = costOf(sel.selectionSet, type);
        const listed = parent.name.startsWith("__") && isListType(getNullableType(field.type)) ? lists.get(`${parent.name}.${name}`) : undefined;
        const times = type.name.endsWith("Connection") ? pageSize(sel, field, variables) : (listed ?? 1);
        cost += 1 + times * children;
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        cost += type ? costOf(sel.selectionSet, type) : 0;
      } else {
        const name = sel.name.value;
        if (!memo.has(name)) {
          memo.set(name, 0); // validation has refused cycles; this only guards the recursion
          const fragment = fragments.get(name);
          const type = fragment && schema.getType(fragment.typeCondition.name.value);
          memo.set(name, fragment && type ? costOf(fragment.selectionSet, type) : 0);
        }
        cost += memo.get(name)!;
      }
    }
    return cost;
  };
  return costOf(operation.selectionSet, root);
}

export function checkCost(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Fragments, variables: Record<string, unknown>, max: number): GraphQLError | null {
  if (operationCost(schema, operation, fragments, variables) <= max) return null;
  return refusal(
    "limit.cost",
    "GRAPHQL_VALIDATION_FAILED",
    400,
    { limit: "cost" },
  );
}
