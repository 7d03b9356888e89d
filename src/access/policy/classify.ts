// The resource a field belongs to (see resources.ts for the data).
import { FIELD_RESOURCES, HISTORY_FIELD, isStructural, MUTATION_RESOURCES, QUERY_RESOURCES, SUBSCRIPTION_RESOURCES, TYPE_RESOURCES, ENUM_VALUE_RESOURCES } from "./resources.ts";
import type { ResourceName } from "./matrix.ts";

export function resourceOfField(typeName: string, fieldName: string): ResourceName | null {
  if (typeName === "Query") return QUERY_RESOURCES[fieldName] ?? null;
  if (typeName === "Mutation") return MUTATION_RESOURCES[fieldName] ?? null;
  if (typeName === "Subscription") return SUBSCRIPTION_RESOURCES[fieldName] ?? null;
  const explicit = FIELD_RESOURCES[`${typeName}.${fieldName}`];
  if (explicit) return explicit;
  if (fieldName === HISTORY_FIELD && !isStructural(typeName)) return "records.history";
  return TYPE_RESOURCES[typeName] ?? (isStructural(typeName) ? "graph.structure" : null);
}

export function resourceOfEnumValue(enumName: string): ResourceName | null {
  return ENUM_VALUE_RESOURCES[enumName] ?? null;
}
