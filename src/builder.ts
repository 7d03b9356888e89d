// The Pothos schema builder: plugins and scalars only. Types live in their domain folders.
import SchemaBuilder from "@pothos/core";
import ErrorsPlugin from "@pothos/plugin-errors";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import type PrismaTypes from "./generated/pothos-prisma-types.ts";
import { getDatamodel } from "./generated/pothos-prisma-types.ts";
import type { Prisma } from "./generated/prisma/client.ts";
import type { GraphContext } from "./context.ts";
import { CalendarDate, DateTime, Decimal } from "./graph/scalars.ts";

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

export const builder = new SchemaBuilder<GraphTypesInput>({
  plugins: [ErrorsPlugin, PrismaPlugin, RelayPlugin],
  // Expected write failures are typed results; each mutation lists the ones it can return.
  errors: { defaultTypes: [] },
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    // Descriptions are written on the GraphQL fields themselves (English, with the Chinese term).
    exposeDescriptions: false,
    // A connection's totalCount is only queried when the client asks for it.
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
    // Lists default to 50 rows; above 500 the request is refused before execution (graph/page-size.ts).
    defaultConnectionSize: 50,
    maxConnectionSize: 500,
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    nodesOnConnection: true,
    idFieldOptions: { description: "Global, opaque identifier of this object (use with `node(id:)`)." },
    nodeQueryOptions: { description: "Fetches any object by its global ID." },
    nodesQueryOptions: { description: "Fetches objects by their global IDs." },
  },
});

/** The builder's resolved type parameters, for helpers that take Pothos refs. */
export type GraphTypes = PothosSchemaTypes.ExtendDefaultTypes<GraphTypesInput>;

builder.addScalarType("Decimal", Decimal);
builder.addScalarType("Date", CalendarDate);
builder.addScalarType("DateTime", DateTime);

builder.queryType({ description: "The shared deleveraging graph: read entry points." });
builder.mutationType({ description: "Writes, each allowed to the agency that owns the data." });
