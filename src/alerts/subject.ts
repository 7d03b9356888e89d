// An alert's subject: the GraphQL type it is, the coordinates its key and name are shown as (so a
// subject key is masked or left out exactly as that field is), and how to reach it in the graph.
import { maskValue } from "../access/masking.ts";
import type { Decision } from "../access/policy/decide.ts";
import { resourceOfField } from "../access/policy/classify.ts";
import type { ResourceName } from "../access/policy/matrix.ts";

/** subject type → [key coordinate, name coordinate] */
export const SUBJECT_FIELDS: Record<string, readonly [string, string]> = {
  Enterprise: ["Enterprise.uscc", "Enterprise.name"],
  Institution: ["Institution.code", "Institution.name"],
  Bond: ["Bond.code", "Bond.name"],
  TradingVenue: ["TradingVenue.code", "TradingVenue.name"],
  RectificationOrder: ["RectificationOrder.orderNo", "TradingVenue.name"],
  FundraisingClue: ["FundraisingClue.clueNo", "FundraisingClue.suspectName"],
  DishonestyRecord: ["DishonestyRecord.documentNo", "Enterprise.name"],
  Person: ["Person.idNumber", "Person.name"],
};

/** The resource of a subject's key or name. A subject type without coordinates (e.g. an agency that owes a report) reads as the rule's data: null here, the alert's own visibility applies. */
function coordinateResource(coordinate: string | undefined): ResourceName | null {
  if (!coordinate) return null;
  const [t, f] = coordinate.split(".") as [string, string];
  return resourceOfField(t, f);
}

/** A subject's key or name as the principal may see it: the value, masked, or null (left out). */
export function subjectValue(subjectType: string, which: "key" | "name", value: string, decision: (r: ResourceName) => Decision): { value: string | null; masked: boolean; resource: ResourceName | null } {
  const coordinate = SUBJECT_FIELDS[subjectType]?.[which === "key" ? 0 : 1];
  const resource = coordinateResource(coordinate);
  if (!resource) return { value, masked: false, resource: null };
  const d = decision(resource);
  if (!d.allow) return { value: null, masked: false, resource };
  if (d.mask) return { value: maskValue(coordinate!.split(".")[1]!, value) as string, masked: true, resource };
  return { value, masked: false, resource };
}
