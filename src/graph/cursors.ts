// Cursors, checked before anything executes (arguments.plugin.ts): a list accepts only the cursors
// it hands out, so a malformed or foreign one is a clear BAD_USER_INPUT instead of an internal
// error deep in Pothos or Prisma. Three kinds:
// - "id": Prisma connections (every `…Connection` unless it says otherwise), keyed on the row's
//   Int id: base64 of `GPC:N:<id>` (@pothos/plugin-prisma's format);
// - "offset": lists paged in memory (`history`, resolveArrayConnection): base64 of
//   `OffsetConnection:<position>` (@pothos/plugin-relay's format);
// - "seq": the dishonesty change feed: a change's `seq`, a non-negative 64-bit integer.
// A field other than a Prisma connection names its kind in its extensions (`cursorExtensions`).
import { getNamedType, isObjectType, type GraphQLError, type GraphQLField, type GraphQLSchema } from "graphql";
import { argumentError } from "./argument-error.ts";
import type { MessageKey } from "../i18n/index.ts";
import { assertIntId } from "./model-ids.ts";

export type CursorKind = "id" | "offset" | "seq";

/** Field extensions for a list whose cursors are not Prisma id cursors. */
export const cursorExtensions = (kind: CursorKind) => ({ cursors: kind });

const INT32_MAX = 2 ** 31 - 1;
const INT64_MAX = 2n ** 63n - 1n;

/** The text inside a base64 cursor, or null when it is not canonical base64 (as we encode it). */
function unbase64(cursor: string): string | null {
  const text = Buffer.from(cursor, "base64").toString("utf8");
  return cursor.length > 0 && Buffer.from(text, "utf8").toString("base64") === cursor ? text : null;
}

const integerAtMost = (digits: string | undefined, max: number) => digits !== undefined && /^\d{1,10}$/.test(digits) && Number(digits) <= max;

const VALID: Record<CursorKind, (cursor: string) => boolean> = {
  id: (cursor) => integerAtMost(/^GPC:N:(\d+)$/.exec(unbase64(cursor) ?? "")?.[1], INT32_MAX),
  offset: (cursor) => integerAtMost(/^OffsetConnection:(\d+)$/.exec(unbase64(cursor) ?? "")?.[1], INT32_MAX),
  seq: (cursor) => /^\d{1,19}$/.test(cursor) && BigInt(cursor) <= INT64_MAX,
};

const HOW: Record<CursorKind, MessageKey> = {
  id: "argument.cursorHow.returned",
  offset: "argument.cursorHow.returned",
  seq: "argument.cursorHow.seq",
};

export const isCursor = (kind: CursorKind, cursor: string): boolean => VALID[kind](cursor);

/** The cursor kind of a field's `after`/`before`, or null when the field takes no cursor. */
export function cursorKindOf(field: GraphQLField<unknown, unknown>): CursorKind | null {
  const declared = field.extensions?.cursors as CursorKind | undefined;
  if (declared) return declared;
  return getNamedType(field.type).name.endsWith("Connection") && field.args.some((a) => a.name === "after") ? "id" : null;
}

export function cursorProblem(kind: CursorKind, field: string, argument: string, value: unknown): GraphQLError | null {
  if (typeof value !== "string" || isCursor(kind, value)) return null;
  return argumentError({ key: "argument.cursor", params: { field, argument, how: { key: HOW[kind] } } }, `${field}.${argument}`, "cursor");
}

/**
 * The combinations a list cannot serve. Prisma connections page forward (first, after) or backward
 * (last, before), so before+after, before+first and after+last are refused (Pothos throws on
 * them); an in-memory list needs `first` or `before` to find the end `last` counts from.
 */
export function cursorArgumentsProblem(kind: CursorKind, field: string, args: Record<string, unknown>): GraphQLError | null {
  const has = (name: string) => args[name] != null;
  let problem: MessageKey | null = null;
  if (kind === "id") {
    if (has("before") && has("after")) problem = "argument.beforeAndAfter";
    else if (has("before") && has("first")) problem = "argument.beforeWithFirst";
    else if (has("after") && has("last")) problem = "argument.afterWithLast";
  } else if (kind === "offset" && has("last") && !has("first") && !has("before")) {
    problem = "argument.lastNeedsBefore";
  }
  return problem ? argumentError({ key: "argument.cursorArguments", params: { field, problem: { key: problem } } }, field, "cursorArguments") : null;
}

/** Stops the server at start if a list with id cursors is keyed otherwise than by an Int id. */
export function assertIdCursors(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      if (cursorKindOf(field) !== "id") continue;
      const connection = getNamedType(field.type);
      const edge = isObjectType(connection) ? connection.getFields().edges : undefined;
      const edgeType = edge && getNamedType(edge.type);
      const node = edgeType && isObjectType(edgeType) ? getNamedType(edgeType.getFields().node?.type) : undefined;
      if (!node || !isObjectType(node)) throw new Error(`${type.name}.${field.name}: a connection without edges { node }`);
      assertIntId(node, "cursor");
    }
  }
}
