// No leak through a filter or a sort: an operation may not filter, order or group on a field the
// principal cannot read in clear (denied, conditional without a grant, or masked). Checked on the
// parsed operation with its variables before anything executes; the field that takes such an
// argument is then denied alone, as any other denied field (null and a FORBIDDEN error at its
// path, the rest of the answer kept): its resolver never runs, so no SQL runs for it and nothing
// of its result (rows, counts) can tell what the filter matched.
import { localizedError } from "../i18n/index.ts";
import {
  defaultFieldResolver,
  GraphQLError,
  TypeInfo,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import type { GraphContext } from "../context.ts";
import type { RequestAccess } from "./request-access.ts";
import { resourceOfEnumValue, resourceOfField } from "./policy/classify.ts";
import type { ResourceName } from "./policy/matrix.ts";
import { FILTER_ALSO_READS, INDICATOR_FILTER_TYPE, INDICATOR_RESOURCES } from "./policy/resources.ts";

interface Use {
  what: string;
  resource: ResourceName;
  /** the use is clear when any of these is readable in clear (a list whose rows are limited to them) */
  anyOf?: readonly ResourceName[];
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
      if (resource) out.push({ what: `${type.name}.${name}`, resource, ...(type.name === INDICATOR_FILTER_TYPE ? { anyOf: INDICATOR_RESOURCES } : {}) });
      for (const also of FILTER_ALSO_READS[`${type.name}.${name}`] ?? []) out.push({ what: `${type.name}.${name}`, resource: also });
      usesOf(field.type, v, `${path}.${name}`, out);
    }
  }
}

/** An argument a filter, an order or a group key can be given in. */
const guardable = (type: GraphQLInputType) => {
  const named = getNamedType(type);
  return isInputObjectType(named) || isEnumType(named);
};

/** What is kept of a document, per schema and document. */
type PerDocument<T> = WeakMap<GraphQLSchema, WeakMap<DocumentNode, T>>;

/** `cache`'s value for the schema and document, built by `build` the first time. */
function perDocument<T>(cache: PerDocument<T>, schema: GraphQLSchema, document: DocumentNode, build: () => T): T {
  let bySchema = cache.get(schema);
  if (!bySchema) cache.set(schema, (bySchema = new WeakMap()));
  let value = bySchema.get(document);
  if (value === undefined) bySchema.set(document, (value = build()));
  return value;
}

/** An argument of the document that can hold a filter, an order or a group key, on its field. */
interface GuardedArgument {
  field: FieldNode;
  coordinate: string;
  node: ArgumentNode;
  type: GraphQLInputType;
}

/**
 * The guardable arguments of a document, in document order, per schema and document: they
 * depend on the document alone (Apollo keeps one parsed document per query text), so only their
 * values (from the variables) and the principal's access are looked at per request. Mutations are
 * left out: writes are checked by their own rules (only owners write, and they read their own data).
 */
const guardedArguments: PerDocument<GuardedArgument[]> = new WeakMap();

const argumentsOf = (schema: GraphQLSchema, document: DocumentNode): GuardedArgument[] => perDocument(guardedArguments, schema, document, () => walkArguments(schema, document));

function walkArguments(schema: GraphQLSchema, document: DocumentNode): GuardedArgument[] {
  const typeInfo = new TypeInfo(schema);
  const found: GuardedArgument[] = [];
  const fields: { node: FieldNode; coordinate: string }[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(node) {
        if (node.operation === "mutation") return false;
        return undefined;
      },
      Field: {
        enter(node) {
          fields.push({ node, coordinate: `${typeInfo.getParentType()?.name}.${node.name.value}` });
        },
        leave() {
          fields.pop();
        },
      },
      Argument(node) {
        const argument = typeInfo.getArgument();
        const field = fields[fields.length - 1];
        if (argument && field && guardable(argument.type)) found.push({ field: field.node, coordinate: field.coordinate, node, type: argument.type });
      },
    }),
  );
  return found;
}

/**
 * The fields of a document that filter, order or group on data the principal may not read in
 * clear, each with its refusal (FORBIDDEN, naming the first such input and its resource).
 */
export function refusedFields(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, access: RequestAccess): Map<FieldNode, GraphQLError> | null {
  let refused: Map<FieldNode, GraphQLError> | null = null;
  const clear = (r: ResourceName) => {
    const decision = access.decision(r);
    return decision.allow && !decision.mask;
  };
  for (const argument of argumentsOf(schema, document)) {
    if (refused?.has(argument.field)) continue;
    const uses: Use[] = [];
    usesOf(argument.type, valueFromAST(argument.node.value, argument.type, variables), argument.node.name.value, uses);
    const use = uses.find((u) => !(u.anyOf ? u.anyOf.some(clear) : clear(u.resource)));
    if (!use) continue;
    refused ??= new Map();
    refused.set(
      argument.field,
      localizedError("access.filterNeedsRead", { what: use.what, resource: use.resource }, { code: "FORBIDDEN", resource: use.resource, input: use.what, coordinate: argument.coordinate }),
    );
  }
  return refused;
}

/**
 * Every query field that takes a filter, an order or a group key answers its refusal, when the
 * operation has one for it, instead of resolving. (Only these fields pay the lookup.)
 */
export function applyFilterRefusals(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__") || type.name === "Mutation") continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.args.some((a) => guardable(a.type))) continue;
      const resolve = (field.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, GraphContext>;
      field.resolve = (parent, args, ctx: GraphContext, info) => {
        const refusals = ctx.access.refusals;
        if (refusals) for (const node of info.fieldNodes) if (refusals.has(node)) return refusals.get(node);
        return resolve(parent, args, ctx, info);
      };
    }
  }
}

/** The resources an operation's allowed fields belong to (for the audit entry). */
/** A field of the document as resourcesSelected reads it: its resource, and the fields beneath it. */
interface SelectedField {
  node: FieldNode;
  /** null: the field reads no resource of its own (structure, introspection, an unknown parent) */
  resource: ResourceName | null;
  children: SelectedField[];
}

/**
 * The document's fields with their resources, per schema and document: they depend on the
 * document alone, and Apollo keeps one parsed document per query text, so a document sent again
 * is the same object. Every definition is walked, each fragment on its own (spreads are not
 * followed), as the audit has always listed them.
 */
const selectedFields: PerDocument<SelectedField[]> = new WeakMap();

const fieldsOf = (schema: GraphQLSchema, document: DocumentNode): SelectedField[] => perDocument(selectedFields, schema, document, () => walkFields(schema, document));

function walkFields(schema: GraphQLSchema, document: DocumentNode): SelectedField[] {
  const typeInfo = new TypeInfo(schema);
  const roots: SelectedField[] = [];
  const open: SelectedField[][] = [roots];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          const parent = typeInfo.getParentType();
          const resource = parent && !node.name.value.startsWith("__") ? resourceOfField(parent.name, node.name.value) : null;
          const field: SelectedField = { node, resource: resource && resource !== "graph.structure" ? resource : null, children: [] };
          open.at(-1)!.push(field);
          open.push(field.children);
        },
        leave() {
          open.pop();
        },
      },
    }),
  );
  return roots;
}

export function resourcesSelected(schema: GraphQLSchema, document: DocumentNode, access: RequestAccess): string[] {
  const found = new Set<string>();
  const walk = (fields: SelectedField[]) => {
    for (const f of fields) {
      // A refused field reads nothing, below it neither.
      if (access.refusals?.has(f.node)) continue;
      if (f.resource && access.decision(f.resource).allow) found.add(f.resource);
      walk(f.children);
    }
  };
  walk(fieldsOf(schema, document));
  return [...found].sort();
}
