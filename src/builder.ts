// The Pothos schema builder: plugins and scalars only. Types live in their domain folders.
import SchemaBuilder from "@pothos/core";
import ErrorsPlugin from "@pothos/plugin-errors";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin, { resolveNodes } from "@pothos/plugin-relay";
import PlannedRowsPlugin from "./db/json-query/planned-rows.plugin.ts";
import type PrismaTypes from "./generated/pothos-prisma-types.ts";
import { getDatamodel } from "./generated/pothos-prisma-types.ts";
import type { Prisma } from "./generated/prisma/client.ts";
import type { GraphContext } from "./context.ts";
import { CalendarDate, DateTime, Decimal } from "./graph/scalars.ts";
import { nodeRefusal, resolveGatedNodes } from "./access/node-gate.ts";
import { MAX_PAGE_SIZE, pageSizeArgument } from "./graph/page-size.ts";

interface GraphTypesInput {
  Context: GraphContext;
  PrismaTypes: PrismaTypes;
  // Fields are nullable unless declared otherwise: a field an agency may not read resolves to
  // null with an error, and the rest of the response must survive that.
  DefaultFieldNullability: true;
  Scalars: {
    Decimal: { Input: Prisma.Decimal; Output: Prisma.Decimal | number | string };
    Date: { Input: Date; Output: Date };
    DateTime: { Input: Date; Output: Date };
  };
}

// Typed explicitly: the nodes(ids:) resolver below refers to the builder itself.
export const builder: PothosSchemaTypes.SchemaBuilder<GraphTypes> = new SchemaBuilder<GraphTypesInput>({
  plugins: [ErrorsPlugin, PlannedRowsPlugin, PrismaPlugin, RelayPlugin],
  // Expected write failures are typed results; each mutation lists the ones it can return.
  errors: {
    defaultTypes: [],
    defaultResultOptions: { description: "The mutation succeeded; `data` holds the record as written." },
    defaultUnionOptions: { description: "The record as written, or the typed reason nothing was written." },
  },
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    // Descriptions are written on the GraphQL fields themselves (English, with the Chinese term).
    exposeDescriptions: false,
    // A connection's totalCount is only queried when the client asks for it.
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
    // Lists default to 50 rows; outside 0–500 the request is refused before execution (graph/page-size.ts).
    defaultConnectionSize: 50,
    maxConnectionSize: MAX_PAGE_SIZE,
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    idFieldOptions: { description: "Global, opaque identifier of this object (use with `node(id:)`)." },
    // Descriptions of the generated pagination types, so the explorer documents every field.
    nodesOnConnection: { description: "The items of this page, in order (shorthand for edges.node)." },
    nodeTypeOptions: { description: "An object with a global ID, fetchable with `node(id:)`." },
    pageInfoTypeOptions: { description: "Where a page sits in its list (Relay pagination)." },
    hasNextPageFieldOptions: { description: "True when more items follow this page." },
    hasPreviousPageFieldOptions: { description: "True when items precede this page." },
    startCursorFieldOptions: { description: "Cursor of the first item of this page." },
    endCursorFieldOptions: { description: "Cursor of the last item of this page; pass it as `after` for the next page." },
    defaultConnectionTypeOptions: { description: "A page of a list (Relay connection)." },
    defaultEdgeTypeOptions: { description: "An item of a page, with its cursor." },
    edgesFieldOptions: { description: "The items of this page with their cursors." },
    pageInfoFieldOptions: { description: "Pagination information for this page." },
    cursorFieldOptions: { description: "Opaque, stable cursor of this item." },
    nodeFieldOptions: { description: "The item." },
    firstArgOptions: { description: "Page size from the start: default 50, at most 500.", extensions: pageSizeArgument(0, MAX_PAGE_SIZE) },
    lastArgOptions: { description: "Page size from the end: at most 500.", extensions: pageSizeArgument(0, MAX_PAGE_SIZE) },
    afterArgOptions: { description: "Return items after this cursor." },
    beforeArgOptions: { description: "Return items before this cursor." },
    // A type the principal may not read is refused before any lookup, in nodes(ids:) id by id (src/access/node-gate.ts).
    nodeQueryOptions: {
      description: "Fetches any object by its global ID.",
      args: { id: { description: "A global ID, as returned in `id` fields." } },
      resolve: (_root, { id }, ctx, info, resolveNode) => {
        const refusal = nodeRefusal(ctx, id.typename, info);
        if (refusal) throw refusal;
        return resolveNode(id);
      },
    },
    nodesQueryOptions: {
      description: "Fetches objects by their global IDs.",
      args: { ids: { description: "Global IDs, as returned in `id` fields." } },
      // Pothos' own resolveNodes callback looks up every id of the argument; this one only the allowed.
      resolve: (_root, { ids }, ctx, info) => resolveGatedNodes(ctx, ids, info, (allowed) => resolveNodes(builder, ctx, info, allowed)),
    },
  },
});

/** The builder's resolved type parameters, for helpers that take Pothos refs. */
export type GraphTypes = PothosSchemaTypes.ExtendDefaultTypes<GraphTypesInput>;

builder.addScalarType("Decimal", Decimal);
builder.addScalarType("Date", CalendarDate);
builder.addScalarType("DateTime", DateTime);

builder.queryType({ description: "The shared deleveraging graph: read entry points." });
builder.mutationType({ description: "Writes, each allowed to the agency that owns the data." });
builder.subscriptionType({ description: "Live events (通报) over WebSocket on /graphql (graphql-ws protocol), each filtered to what you may see." });
