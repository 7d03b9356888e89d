// Rows the compiled statement loaded resolve their relations from what they carry, without the
// Pothos prisma plugin's per-row lookup of the plan that loaded them.
//
// For every relation field of every row, the prisma plugin asks which plan loaded the parent
// (getLoaderMapping: the row's response path as a string, then a walk up the path) and records the
// answer for the row's children (setRowMappings). On the nested benchmark read that is about 1,000
// lookups and 5–6 ms of a 35 ms request (bench/results/profile-latest.md). A row built by the
// compiler (json-query/decode.ts) came from one statement, planned once for the whole root field:
// every row at one place in the response (one `info.fieldNodes`, which graphql-js shares between
// the rows of a list) was loaded by the same plan. So the plugin's own lookup runs for the first
// row at each place, and the rows after it reuse its answer: a field the plan loaded resolves
// from the row, one it left out takes the plugin's path (its fallback loads it), as before.
import SchemaBuilder, { BasePlugin, createContextCache, type PothosOutputFieldConfig, type SchemaTypes } from "@pothos/core";
import { getLoaderMapping, setRowMappings, type Mappings } from "@pothos/selection-mapper";
import type { FieldNode, GraphQLFieldResolver, GraphQLResolveInfo } from "graphql";
import { isPlannedRow } from "./decode.ts";

/** What the selection mapper records per field: the plan's mappings of the fields beneath it. */
type Mapping = Mappings[string];

const pluginName = "plannedRows";

type Loaded = (parent: unknown, info: unknown, ctx: unknown) => boolean;

/** Relation values resolved from the row here, since the process started (read by tests and the benchmark). */
export const plannedRowReads = { fromRow: 0 };

/** Per request: the plan's mapping of each place's field (by `info.fieldNodes`), null when it left the field out. */
const places = createContextCache(() => new WeakMap<readonly FieldNode[], Mapping | null>());

export class PlannedRowsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(resolver: GraphQLFieldResolver<unknown, Types["Context"], object>, fieldConfig: PothosOutputFieldConfig<Types>): GraphQLFieldResolver<unknown, Types["Context"], object> {
    const extensions = fieldConfig.extensions as { pothosPrismaSelect?: unknown; pothosPrismaLoaded?: Loaded } | undefined;
    // Only the fields the prisma plugin wraps (relations, and fields selecting from the row).
    if (fieldConfig.kind !== "PrismaObject" || !extensions?.pothosPrismaSelect) return resolver;
    // The field's own resolver, beneath the prisma plugin's wrapper (no plugin after it wraps resolvers).
    const own = fieldConfig.resolve as GraphQLFieldResolver<unknown, Types["Context"], object> | undefined;
    if (!own) return resolver;
    const loaded = extensions.pothosPrismaLoaded;
    // The type names the plugin looks the plan up under: the parent type, then its interfaces
    // that are prisma models (as the prisma plugin's own wrapper does).
    const parentConfig = this.buildCache.getTypeConfig(fieldConfig.parentType);
    const typeNames = [fieldConfig.parentType];
    if (parentConfig.kind === "Object" || parentConfig.kind === "Interface") {
      for (const iface of parentConfig.interfaces) {
        const config = this.buildCache.getTypeConfig(iface, "Interface");
        if ((config.extensions as { pothosPrismaModel?: unknown } | undefined)?.pothosPrismaModel) typeNames.push(config.name);
      }
    }
    const mappingOf = (ctx: object, info: GraphQLResolveInfo, parent: unknown): Mapping | null => {
      for (const type of typeNames) {
        const mapping = getLoaderMapping(ctx, info.path, type, parent);
        if (mapping) return mapping;
      }
      return null;
    };
    return (parent, args, ctx, info) => {
      if (!isPlannedRow(parent)) return resolver(parent, args, ctx, info);
      const known = places(ctx as object);
      const mapping = known.get(info.fieldNodes);
      if (mapping === undefined) {
        // The first row here: the plugin decides, and its answer stands for the place.
        known.set(info.fieldNodes, mappingOf(ctx as object, info, parent));
        return resolver(parent, args, ctx, info);
      }
      if (!mapping || (loaded && !loaded(parent, info, ctx))) return resolver(parent, args, ctx, info);
      // What the plugin records for the row's children, so that a child that is the first row at
      // its own place finds the plan too.
      setRowMappings(ctx as object, info, mapping.nested);
      plannedRowReads.fromRow++;
      return own(parent, args, ctx, info);
    };
  }
}

SchemaBuilder.registerPlugin(pluginName, PlannedRowsPlugin);

/** The plugin's name, for the builder's `plugins` (listed before the prisma plugin, so it wraps it). */
export default pluginName;

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      plannedRows: PlannedRowsPlugin<Types>;
    }
  }
}
