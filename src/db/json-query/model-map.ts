// Table, column and relation-key names of every Prisma model, for the JSON query compiler.
//
// Two halves of Prisma's DMMF are at hand at run time, neither complete on its own: the Pothos
// datamodel (generated beside the schema) knows lists, nullability, ids and a relation's
// foreign-key fields, but not @map/@@map names; the client's runtime data model knows the
// database names but not the keys. The map joins them by model and field name. Anything the
// compiler would have to guess (a composite key, an implicit many-to-many, a missing name) is
// left out, and a query touching it falls back to Prisma.
import { getDatamodel } from "../../generated/pothos-prisma-types.ts";

export interface ScalarField {
  kind: "scalar" | "enum";
  name: string;
  column: string;
  /** Prisma's scalar type (Int, String, Decimal, DateTime…) or the enum's name */
  type: string;
  isList: boolean;
  isRequired: boolean;
}

export interface RelationField {
  kind: "object";
  name: string;
  target: string;
  isList: boolean;
  isRequired: boolean;
  /** the join: `target.<targetColumn> = this.<ownColumn>` */
  ownColumn: string;
  targetColumn: string;
}

export type Field = ScalarField | RelationField;

export interface ModelInfo {
  name: string;
  table: string;
  fields: Map<string, Field>;
  /** the single-column primary key (every model here has one; a model without is not mapped) */
  id: ScalarField;
}

interface PothosField {
  name: string;
  kind: string;
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  relationName?: string;
  relationFromFields?: string[];
}
interface RuntimeField {
  name: string;
  kind: string;
  type: string;
  dbName?: string | null;
  relationName?: string;
}
interface RuntimeDataModel {
  models: Record<string, { dbName?: string | null; fields: RuntimeField[] }>;
}

/**
 * Builds the map. `runtime` is the client's `_runtimeDataModel` (the data model Prisma's query
 * engine itself reads; its type is declared by @prisma/client/runtime).
 */
export function buildModelMap(runtime: RuntimeDataModel): Map<string, ModelInfo> {
  const pothos = (getDatamodel() as unknown as { datamodel: { models: Record<string, { fields: PothosField[] }> } }).datamodel.models;
  const column = (model: string, field: string): string | undefined => {
    const f = runtime.models[model]?.fields.find((x) => x.name === field);
    return f && f.kind !== "object" ? (f.dbName ?? f.name) : undefined;
  };
  const idOf = (model: string): PothosField | undefined => {
    const ids = pothos[model]?.fields.filter((f) => f.isId) ?? [];
    return ids.length === 1 ? ids[0] : undefined;
  };

  const models = new Map<string, ModelInfo>();
  for (const [name, model] of Object.entries(pothos)) {
    const rt = runtime.models[name];
    const idField = idOf(name);
    if (!rt || !idField) continue;
    const fields = new Map<string, Field>();
    for (const f of model.fields) {
      if (f.kind === "scalar" || f.kind === "enum") {
        const col = column(name, f.name);
        if (col) fields.set(f.name, { kind: f.kind, name: f.name, column: col, type: f.type, isList: f.isList, isRequired: f.isRequired });
        continue;
      }
      if (f.kind !== "object") continue;
      const relation = relationKeys(name, f, pothos, column, idOf);
      if (relation) fields.set(f.name, { kind: "object", name: f.name, target: f.type, isList: f.isList, isRequired: f.isRequired, ...relation });
    }
    const id = fields.get(idField.name);
    if (id?.kind === "object" || !id) continue;
    models.set(name, { name, table: rt.dbName ?? name, fields, id });
  }
  return models;
}

/**
 * The join columns of a relation field. Every `@relation(references: …)` of this schema names the
 * target's primary key (test/json-query.test.ts checks that against schema.prisma), so the side
 * holding the foreign key joins its one `fields:` column to the other side's id.
 */
function relationKeys(
  model: string,
  f: PothosField,
  pothos: Record<string, { fields: PothosField[] }>,
  column: (model: string, field: string) => string | undefined,
  idOf: (model: string) => PothosField | undefined,
): { ownColumn: string; targetColumn: string } | null {
  const from = f.relationFromFields ?? [];
  if (from.length > 1) return null;
  if (from.length === 1) {
    const targetId = idOf(f.type);
    const own = column(model, from[0]!);
    const target = targetId && column(f.type, targetId.name);
    return own && target ? { ownColumn: own, targetColumn: target } : null;
  }
  // The other side holds the key: its field of the same relation name (not this one, for a self-relation).
  const back = pothos[f.type]?.fields.filter((b) => b.kind === "object" && b.relationName === f.relationName && !(f.type === model && b.name === f.name)) ?? [];
  if (back.length !== 1) return null;
  const backFrom = back[0]!.relationFromFields ?? [];
  if (backFrom.length !== 1) return null; // implicit many-to-many, or a composite key
  const ownId = idOf(model);
  const own = ownId && column(model, ownId.name);
  const target = column(f.type, backFrom[0]!);
  return own && target ? { ownColumn: own, targetColumn: target } : null;
}
