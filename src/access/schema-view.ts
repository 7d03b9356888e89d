// Each principal's view of the schema for introspection: only the types and fields it may read,
// read masked, or request (conditional). Execution always runs on the full schema, so one query
// works for agencies of different clearance; what a principal may not read comes back FORBIDDEN.
import { filterSchema, pruneSchema } from "@graphql-tools/utils";
import { validateSchema, type GraphQLSchema } from "graphql";
import type { Principal } from "./principal.ts";
import { columnOf, sharingOf, type AccessState } from "./policy/decide.ts";
import { resourceOfField } from "./policy/classify.ts";
import { MATRIX } from "./policy/matrix.ts";
import { MUTATION_RESOURCES, MUTATION_WRITERS, PERSON_IDENTIFIER_FIELDS, PERSON_RESOURCE_BY_PARENT, TYPE_RESOURCES } from "./policy/resources.ts";

const views = new Map<string, GraphQLSchema>();

function visible(state: Pick<AccessState, "overrides">, principal: Principal, typeName: string, fieldName: string): boolean {
  const resource = resourceOfField(typeName, fieldName);
  if (!resource) return false;
  if (typeName === "Mutation") {
    const writers = MUTATION_WRITERS[fieldName] ?? MATRIX[MUTATION_RESOURCES[fieldName]!].owners;
    return writers.includes(principal.agency);
  }
  // A person's identifiers are readable through some links (informant, dishonesty subject) and
  // not others; the field is shown when any of them is open to the principal.
  if (typeName === "Person" && PERSON_IDENTIFIER_FIELDS.has(fieldName)) {
    return [resource, ...Object.values(PERSON_RESOURCE_BY_PARENT)].some((r) => sharingOf(state, principal, r) !== "DENY");
  }
  return sharingOf(state, principal, resource) !== "DENY";
}

/** The principal's view, cached per policy column and set of overrides (FINANCE_BUREAU sees everything). */
export function schemaViewFor(schema: GraphQLSchema, principal: Principal, state: Pick<AccessState, "overrides">): GraphQLSchema {
  if (principal.agency === "FINANCE_BUREAU") return schema;
  const key = `${columnOf(principal)}|${[...state.overrides].sort().join(",")}`;
  let view = views.get(key);
  if (!view) {
    const keep = (typeName: string, fieldName: string) => visible(state, principal, typeName, fieldName);
    // A record type whose own resource is closed goes as a whole (a Node type without its id
    // would make the view invalid), and with it every field returning it.
    const typeVisible = (typeName: string) => {
      const resource = TYPE_RESOURCES[typeName];
      return !resource || typeName === "Person" || sharingOf(state, principal, resource) !== "DENY" || (MATRIX[resource].owners as readonly string[]).includes(principal.agency);
    };
    view = pruneSchema(
      filterSchema({
        schema,
        typeFilter: (typeName) => typeVisible(typeName),
        rootFieldFilter: (operation, fieldName) => keep(operation, fieldName),
        objectFieldFilter: keep,
        interfaceFieldFilter: keep,
        inputObjectFieldFilter: keep,
      }),
    );
    const errors = validateSchema(view);
    if (errors.length) throw new Error(`the schema view of ${columnOf(principal)} is invalid: ${errors[0]!.message}`);
    if (views.size > 200) views.clear();
    views.set(key, view);
  }
  return view;
}
