// The rows of GET /export/dishonesty-records.ndjson: current (not deleted) dishonesty records in
// id order, one page at a time, each as the JSON object a synchronising client stores. The
// object has the shape of the DishonestyRecord selection of clients/credit-platform/changes.graphql
// (`SyncedDishonestyRecord`), so records from the export and from dishonestyRecordChanges can be
// stored alike. The sharing policy is applied here field by field, as the graph would apply it.
import { encodeGlobalID } from "@pothos/plugin-relay";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import type { Decision } from "../access/policy/decide.ts";
import type { ResourceName } from "../access/policy/matrix.ts";
import { maskValue } from "../access/masking.ts";

/** A page row: the record's columns with its county, subject and measures joined in (dates as YYYY-MM-DD). */
export interface ExportRow {
  id: number;
  document_no: string;
  subject_type: string;
  list: string;
  source_agency: string;
  decided_by: string;
  reason: string;
  listed_on: string;
  expires_on: string | null;
  status: string;
  status_changed_on: string | null;
  change_seq: string;
  county_code: string;
  county_name: string;
  uscc: string | null;
  enterprise_name: string | null;
  person_name: string | null;
  id_number: string | null;
  measures: Array<{ agency: string; measure: string; appliedOn: string }> | null;
}

/** The resource of each exported field beyond the record itself (credit.dishonesty, checked before the export starts). */
const FIELD_RESOURCES = {
  enterprise: "enterprise.registration",
  county: "enterprise.registration",
  personName: "person.identity",
  // A dishonesty subject's ID number, as DishonestyRecord.person.idNumber in the graph (PERSON_RESOURCE_BY_PARENT).
  idNumber: "credit.subjectIdNumber",
} as const satisfies Record<string, ResourceName>;

export type ExportDecisions = Record<keyof typeof FIELD_RESOURCES, Decision>;

export function exportDecisions(ctx: GraphContext): ExportDecisions {
  const entries = Object.entries(FIELD_RESOURCES).map(([field, resource]) => [field, ctx.access.decision(resource)]);
  return Object.fromEntries(entries) as ExportDecisions;
}

/** The resources whose data the export carries, for the audit. */
export function exportedResources(decisions: ExportDecisions): string[] {
  const allowed = Object.entries(FIELD_RESOURCES).filter(([field]) => decisions[field as keyof ExportDecisions].allow).map(([, resource]) => resource);
  return [...new Set(["credit.dishonesty", ...allowed])];
}

/** A value as the decision lets it out: null when denied, masked when the cell says so. */
function reveal<T extends string>(decision: Decision, field: string, value: T | null): string | null {
  if (!decision.allow || value === null) return null;
  return decision.mask ? (maskValue(field, value) as string) : value;
}

export function toExportLine(r: ExportRow, d: ExportDecisions) {
  return {
    id: encodeGlobalID("DishonestyRecord", r.id),
    documentNo: r.document_no,
    subjectType: r.subject_type,
    list: r.list,
    sourceAgency: r.source_agency,
    decidedBy: r.decided_by,
    reason: r.reason,
    listedOn: r.listed_on,
    expiresOn: r.expires_on,
    status: r.status,
    statusChangedOn: r.status_changed_on,
    changeSeq: r.change_seq,
    county: d.county.allow ? { code: r.county_code, name: reveal(d.county, "name", r.county_name) } : null,
    enterprise: r.uscc !== null && d.enterprise.allow ? { uscc: reveal(d.enterprise, "uscc", r.uscc), name: reveal(d.enterprise, "name", r.enterprise_name) } : null,
    person: r.id_number !== null ? { name: reveal(d.personName, "name", r.person_name), idNumber: reveal(d.idNumber, "idNumber", r.id_number) } : null,
    measures: r.measures ?? [],
  };
}

/**
 * One page of current records with id > afterId, in id order (keyset pagination on the primary
 * key: no OFFSET, each page costs the same). One statement with bound parameters: Prisma's nested
 * findMany took ~5x longer per page (five statements and its own row mapping). The county
 * condition is the row scope of a county principal (scopedCounty), as in the graph's lists.
 */
export function exportPage(prisma: PrismaClient, county: string | null, afterId: number, take: number): Promise<ExportRow[]> {
  return prisma.$queryRaw<ExportRow[]>`
    SELECT r.id, r.document_no, r.subject_type::text AS subject_type, r.list::text AS list, r.source_agency, r.decided_by, r.reason,
           to_char(r.listed_on, 'YYYY-MM-DD') AS listed_on, to_char(r.expires_on, 'YYYY-MM-DD') AS expires_on, r.status::text AS status,
           to_char(r.status_changed_on, 'YYYY-MM-DD') AS status_changed_on, r.change_seq::text AS change_seq,
           c.code AS county_code, c.name AS county_name, e.uscc, e.name AS enterprise_name, p.name AS person_name, p.id_number,
           (SELECT json_agg(json_build_object('agency', m.agency, 'measure', m.measure, 'appliedOn', m.applied_on) ORDER BY m.applied_on, m.id)
              FROM joint_punishment_measure m WHERE m.record_id = r.id) AS measures
    FROM dishonesty_record r
    JOIN county c ON c.code = r.county_code
    LEFT JOIN enterprise e ON e.id = r.enterprise_id
    LEFT JOIN person p ON p.id = r.person_id
    WHERE r.deleted_at IS NULL AND r.id > ${afterId} AND (${county}::text IS NULL OR r.county_code = ${county}::text)
    ORDER BY r.id
    LIMIT ${take}`;
}

/**
 * The change-log position the export starts from: the highest committed seq. Every change up to
 * it is committed, so the pages read afterwards reflect it; every later change is in
 * dishonestyRecordChanges(after: this).
 */
export async function currentChangeSeq(prisma: PrismaClient): Promise<bigint> {
  const [row] = await prisma.$queryRaw<{ seq: bigint | null }[]>`SELECT MAX(seq) AS seq FROM dishonesty_record_change`;
  return BigInt(row?.seq ?? 0);
}

/** How many records (and person subjects among them) the export is about to send, for the audit. */
export async function exportCounts(prisma: PrismaClient, county: string | null, afterId: number): Promise<{ records: number; persons: number }> {
  const [row] = await prisma.$queryRaw<{ records: bigint; persons: bigint }[]>`
    SELECT count(*) AS records, count(*) FILTER (WHERE person_id IS NOT NULL) AS persons
    FROM dishonesty_record
    WHERE deleted_at IS NULL AND id > ${afterId} AND (${county}::text IS NULL OR county_code = ${county}::text)`;
  return { records: Number(row?.records ?? 0), persons: Number(row?.persons ?? 0) };
}
