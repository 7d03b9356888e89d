// Each principal's view of the schema: only the types and fields it may read, read masked, or
// request (conditional). Introspection answers from it, and every operation of a principal but
// FINANCE_BUREAU is validated against it (view-validation.ts), so a field outside the view is
// answered exactly as a field that does not exist. Execution runs on the full schema; what the
// view shows but a row or a missing grant closes comes back FORBIDDEN.
//
// The view must never be narrower than execution: a field whose rule depends on the row (a
// record's change history, an indicator by its institution's kind, a county's own enterprises)
// is shown when some row may open it, and the input types of the mutations a principal may call
// are shown whole (a writer supplies the whole input).
import { filterSchema, pruneSchema } from "@graphql-tools/utils";
import { getNamedType, isInputObjectType, validateSchema, type GraphQLSchema } from "graphql";
import type { Principal } from "./principal.ts";
import { columnOf, sharingOf, type AccessState } from "./policy/decide.ts";
import { resourceOfField } from "./policy/classify.ts";
import { MATRIX, type ResourceName } from "./policy/matrix.ts";
import {
  HISTORY_FIELD,
  INDICATOR_FILTER_TYPE,
  INDICATOR_LIST_FIELD,
  INDICATOR_RESOURCES,
  MUTATION_RESOURCES,
  MUTATION_WRITERS,
  PERSON_IDENTIFIER_FIELDS,
  PERSON_RESOURCE_BY_PARENT,
  TYPE_RESOURCES,
} from "./policy/resources.ts";

const views = new Map<string, GraphQLSchema>();

const PERSON_IDENTIFIER_RESOURCES: ResourceName[] = ["person.identifiers", ...Object.values(PERSON_RESOURCE_BY_PARENT)];

type State = Pick<AccessState, "overrides">;

const open = (state: State, principal: Principal, resources: readonly ResourceName[]) => resources.some((r) => sharingOf(state, principal, r) !== "DENY");

export function mayCall(principal: Pick<Principal, "agency">, mutation: string): boolean {
  const resource = MUTATION_RESOURCES[mutation];
  if (!resource) return false;
  return (MUTATION_WRITERS[mutation] ?? MATRIX[resource].owners).includes(principal.agency);
}

/** The field's rule (shield.ts ruleFor) may let this principal read it, for some row. */
function visible(state: State, principal: Principal, typeName: string, fieldName: string): boolean {
  const resource = resourceOfField(typeName, fieldName);
  if (!resource) return false;
  if (typeName === "Mutation") return mayCall(principal, fieldName);
  if (resource === "graph.structure") return true;
  // The history of a record is its owner's to read, whichever agency that is (shield.ts historyRule).
  if (fieldName === HISTORY_FIELD && typeName !== "Query") return true;
  if (typeName === "IndicatorValue" || typeName === INDICATOR_FILTER_TYPE || `${typeName}.${fieldName}` === INDICATOR_LIST_FIELD || (typeName === "Institution" && fieldName === "indicators"))
    return open(state, principal, INDICATOR_RESOURCES);
  // A person's identifiers are readable through some links (informant, dishonesty subject) and
  // not others; the field is shown when any of them is open to the principal.
  if (typeName === "Person" && PERSON_IDENTIFIER_FIELDS.has(fieldName)) return open(state, principal, PERSON_IDENTIFIER_RESOURCES);
  return sharingOf(state, principal, resource) !== "DENY";
}

/** The input types the arguments of the principal's mutations reach. */
function writerInputs(schema: GraphQLSchema, principal: Principal): Set<string> {
  const found = new Set<string>();
  const reach = (name: string) => {
    const type = schema.getType(name);
    if (!isInputObjectType(type) || found.has(name)) return;
    found.add(name);
    for (const field of Object.values(type.getFields())) reach(getNamedType(field.type).name);
  };
  for (const [name, field] of Object.entries(schema.getMutationType()?.getFields() ?? {})) {
    if (mayCall(principal, name)) for (const arg of field.args) reach(getNamedType(arg.type).name);
  }
  return found;
}

/** The principal's view, cached per policy column and set of overrides (FINANCE_BUREAU sees everything). */
export function schemaViewFor(schema: GraphQLSchema, principal: Principal, state: State): GraphQLSchema {
  if (principal.agency === "FINANCE_BUREAU") return schema;
  const key = `${columnOf(principal)}|${[...state.overrides].sort().join(",")}`;
  let view = views.get(key);
  if (!view) {
    const inputs = writerInputs(schema, principal);
    const keep = (typeName: string, fieldName: string) => visible(state, principal, typeName, fieldName);
    // A record type whose own resource is closed goes as a whole (a Node type without its id
    // would make the view invalid), and with it every field returning it.
    const typeVisible = (typeName: string) => {
      if (inputs.has(typeName) || typeName === "Person") return true;
      if (typeName === "IndicatorValue" || typeName === INDICATOR_FILTER_TYPE) return open(state, principal, INDICATOR_RESOURCES);
      const resource = TYPE_RESOURCES[typeName];
      return !resource || sharingOf(state, principal, resource) !== "DENY";
    };
    view = pruneSchema(
      filterSchema({
        schema,
        typeFilter: (typeName) => typeVisible(typeName),
        rootFieldFilter: (operation, fieldName) => keep(operation, fieldName),
        objectFieldFilter: keep,
        interfaceFieldFilter: keep,
        inputObjectFieldFilter: (typeName, fieldName) => inputs.has(typeName) || keep(typeName, fieldName),
      }),
    );
    const errors = validateSchema(view);
    if (errors.length) throw new Error(`the schema view of ${columnOf(principal)} is invalid: ${errors[0]!.message}`);
    if (views.size > 200) views.clear();
    views.set(key, view);
  }
  return view;
}
