// Global ids (`node(id:)`, `nodes(ids:)`, any argument Pothos marks as a global id), checked before
// anything executes: base64 of `<Type>:<id>` (@pothos/plugin-relay's format) where Type is a
// node type of the schema and id a positive Int. Anything else is a BAD_USER_INPUT naming the
// argument (and the position in a list), not an internal error from Pothos or Prisma. A
// well-formed id of a type the principal may not read is refused by the access layer as before
// (src/access/node-gate.ts).
import { isInterfaceType, type GraphQLError, type GraphQLSchema } from "graphql";
import { argumentError } from "./argument-error.ts";
import { assertIntId } from "./model-ids.ts";

const INT32_MAX = 2 ** 31 - 1;
const nodeTypesOf = new WeakMap<GraphQLSchema, ReadonlySet<string>>();

/** The node types of a schema (each keyed by an Int id, or the server does not start). */
export function nodeTypes(schema: GraphQLSchema): ReadonlySet<string> {
  let names = nodeTypesOf.get(schema);
  if (!names) {
    const node = schema.getType("Node");
    const objects = node && isInterfaceType(node) ? schema.getImplementations(node).objects : [];
    for (const type of objects) assertIntId(type, "node");
    names = new Set(objects.map((t) => t.name));
    nodeTypesOf.set(schema, names);
  }
  return names;
}

export function isGlobalId(schema: GraphQLSchema, id: string): boolean {
  const text = Buffer.from(id, "base64").toString("utf8");
  if (!id || Buffer.from(text, "utf8").toString("base64") !== id) return false;
  const match = /^([A-Za-z_]\w*):([1-9]\d{0,9})$/.exec(text);
  return Boolean(match) && nodeTypes(schema).has(match![1]!) && Number(match![2]) <= INT32_MAX;
}

/** `value`: the argument's value, one id or a list of them. */
export function globalIdProblem(schema: GraphQLSchema, field: string, argument: string, value: unknown): GraphQLError | null {
  const ids = Array.isArray(value) ? value : [value];
  const bad = ids.findIndex((id) => typeof id === "string" && !isGlobalId(schema, id));
  if (bad < 0) return null;
  const where = Array.isArray(value) ? `${argument}[${bad}]` : argument;
  return argumentError({ key: "argument.globalId", params: { field, where } }, `${field}.${where}`, "globalId");
}
