// `myAccess`: who the caller is and, for every field of the caller's own view of the schema, the
// sharing class it reads it under (the explorer marks its docs with it: 无条件 / 有条件 / 脱敏).
// Only fields of the view are listed, so the answer names nothing the caller's introspection does
// not already show; the classes are the caller's own column of the policy (sharingPolicy.mine).
import { isObjectType } from "graphql";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import type { Agency } from "../generated/prisma/client.ts";
import { sharingOf } from "./policy/decide.ts";
import { resourceOfField } from "./policy/classify.ts";
import { schemaViewFor } from "./schema-view.ts";
import { SharingClassEnum, type SharingCellShape } from "./sharing.type.ts";

interface FieldAccessShape {
  coordinate: string;
  resource: string;
  sharing: SharingCellShape["sharing"];
  granted: boolean;
}

interface MyAccessShape {
  agency: Agency;
  countyCode: string | null;
  name: string;
  fields: FieldAccessShape[];
}

const FieldAccessType = builder.objectRef<FieldAccessShape>("FieldAccess").implement({
  description: "How you may read one field of your view of the schema.",
  fields: (t) => ({
    coordinate: t.exposeString("coordinate", { description: "Type.field, e.g. Loan.balance." }),
    resource: t.exposeString("resource", { description: "The policy resource the field belongs to, e.g. debt.loans." }),
    sharing: t.field({ type: SharingClassEnum, resolve: (f) => f.sharing, description: "Your sharing class for it (READ 无条件, MASK 脱敏, CONDITIONAL 有条件, DENY 不予共享)." }),
    granted: t.exposeBoolean("granted", { description: "CONDITIONAL only: you hold a live grant for its resource (state its purpose in X-Purpose)." }),
  }),
});

const MyAccessType = builder.objectRef<MyAccessShape>("MyAccess").implement({
  description: "Who you are, and how you may read each field of your view of the schema.",
  fields: (t) => ({
    agency: t.field({ type: AgencyEnum, resolve: (a) => a.agency, description: "Your agency." }),
    countyCode: t.exposeString("countyCode", { nullable: true, description: "Your county, for a county government." }),
    name: t.exposeString("name", { description: "The system or user your key was issued to." }),
    fields: t.field({ type: [FieldAccessType], resolve: (a) => a.fields, description: "Every field of your view (mutations aside), with your sharing class." }),
  }),
});

function fieldsOf(ctx: GraphContext, schema: Parameters<typeof schemaViewFor>[0]): FieldAccessShape[] {
  const { state } = ctx.access;
  const view = schemaViewFor(schema, ctx.principal, state);
  const mutation = view.getMutationType()?.name;
  const out: FieldAccessShape[] = [];
  for (const type of Object.values(view.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__") || type.name === mutation) continue;
    for (const field of Object.keys(type.getFields())) {
      const resource = resourceOfField(type.name, field);
      if (!resource) continue;
      // Structure (ids, connections, page info) carries no data of its own: always readable.
      const sharing = resource === "graph.structure" ? "READ" : sharingOf(state, ctx.principal, resource);
      out.push({ coordinate: `${type.name}.${field}`, resource, sharing, granted: sharing === "CONDITIONAL" && (state.grants.get(resource)?.length ?? 0) > 0 });
    }
  }
  return out.sort((a, b) => a.coordinate.localeCompare(b.coordinate));
}

builder.queryFields((t) => ({
  myAccess: t.field({
    type: MyAccessType,
    description: "Who you are, and how you may read each field of your view of the schema (the explorer marks its docs with it).",
    // Execution runs on the full schema: the view is derived from it, as introspection's is.
    resolve: (_r, _a, ctx, info) => ({ agency: ctx.principal.agency, countyCode: ctx.principal.countyCode, name: ctx.principal.name, fields: fieldsOf(ctx, info.schema) }),
  }),
}));
