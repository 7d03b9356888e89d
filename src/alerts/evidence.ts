// An alert's evidence as one principal may see it: each item is shown, masked or left out exactly
// as its field (Type.field) of its record is in the graph. The field's resource comes from the
// policy's classification (resources.ts), with the two run-time cases the shield also resolves at
// run time: an indicator value's resource follows its institution's kind, and a person's ID
// number or phone follows the record that led to the person (a dishonesty subject, an informant).
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { Decision } from "../access/policy/decide.ts";
import { resourceOfField } from "../access/policy/classify.ts";
import { MATRIX, type ResourceName } from "../access/policy/matrix.ts";
import { INDICATOR_RESOURCE_BY_KIND, PERSON_IDENTIFIER_FIELDS, PERSON_RESOURCE_BY_PARENT } from "../access/policy/resources.ts";
import { maskValue } from "../access/masking.ts";

/** One fact behind an alert, as the evaluator stores it. */
export interface EvidenceItem {
  field: string;
  value: unknown;
  recordType: string;
  recordId: number;
}

/** An item as a principal receives it. */
export interface EvidenceShown extends EvidenceItem {
  masked: boolean;
}

/** A record of a sensitive (or conditionally opened) resource the principal received through evidence. */
export interface EvidenceRecord {
  entityType: string;
  entityId: number;
  resource: ResourceName;
  field: string;
  purpose: string | null;
}

export function evidenceItems(evidence: unknown): EvidenceItem[] {
  if (!Array.isArray(evidence)) return [];
  return evidence.filter((e): e is EvidenceItem => !!e && typeof e === "object" && typeof (e as EvidenceItem).field === "string" && (e as EvidenceItem).field.includes("."));
}

/** The institution kind of each indicator value an evidence list names (one query for all). */
export async function indicatorKinds(prisma: Pick<PrismaClient, "indicatorValue">, items: readonly EvidenceItem[]): Promise<Map<number, string>> {
  const ids = [...new Set(items.filter((i) => i.recordType === "IndicatorValue" && Number.isInteger(i.recordId)).map((i) => i.recordId))];
  if (!ids.length) return new Map();
  const rows = await prisma.indicatorValue.findMany({ where: { id: { in: ids } }, select: { id: true, institution: { select: { kind: true } } } });
  return new Map(rows.map((r) => [r.id, r.institution.kind]));
}

/** The resource an evidence item's field belongs to; null when the field is unclassified (left out). */
export function evidenceResource(item: EvidenceItem, kinds: ReadonlyMap<number, string>): ResourceName | null {
  const [typeName, fieldName] = item.field.split(".") as [string, string];
  if (typeName === "IndicatorValue" && fieldName !== "institution" && fieldName !== "watchLine") {
    const kind = kinds.get(item.recordId);
    // An indicator whose institution is unknown is left out rather than guessed.
    return kind ? (INDICATOR_RESOURCE_BY_KIND[kind] ?? null) : null;
  }
  if (typeName === "Person" && PERSON_IDENTIFIER_FIELDS.has(fieldName)) return PERSON_RESOURCE_BY_PARENT[item.recordType] ?? "person.identifiers";
  return resourceOfField(typeName, fieldName);
}

/**
 * The items the principal may see (masked where its cell says M), and the records of sensitive
 * resources among them for the audit. `decision` is the principal's decision per resource.
 */
export function viewEvidence(items: readonly EvidenceItem[], kinds: ReadonlyMap<number, string>, decision: (r: ResourceName) => Decision): { shown: EvidenceShown[]; records: EvidenceRecord[]; maskedResources: Set<ResourceName> } {
  const shown: EvidenceShown[] = [];
  const records: EvidenceRecord[] = [];
  const maskedResources = new Set<ResourceName>();
  for (const item of items) {
    const resource = evidenceResource(item, kinds);
    if (!resource) continue;
    const d = decision(resource);
    if (!d.allow) continue;
    const fieldName = item.field.split(".")[1]!;
    const masked = d.mask && item.value !== null && item.value !== undefined;
    if (masked) maskedResources.add(resource);
    shown.push({ field: item.field, value: masked ? maskValue(fieldName, typeof item.value === "number" ? String(item.value) : item.value) : item.value, recordType: item.recordType, recordId: item.recordId, masked });
    if (MATRIX[resource].sensitive || d.purpose) records.push({ entityType: item.recordType, entityId: item.recordId, resource, field: fieldName, purpose: d.purpose });
  }
  return { shown, records, maskedResources };
}
