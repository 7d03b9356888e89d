// What one request may read, and what it did read: the decisions (memoised per resource), the
// fields denied and masked (reported in the response's extensions, each coordinate once with its
// places), and the records returned from sensitive resources (written to the audit).
import type { FieldNode, GraphQLError, GraphQLResolveInfo } from "graphql";
import { responsePathAsArray } from "graphql";
import type { AccessGrant } from "../generated/prisma/client.ts";
import type { Principal } from "./principal.ts";
import type { AuditRecordInput } from "./audit/chain.ts";
import { decide, type AccessState, type Decision } from "./policy/decide.ts";
import type { ResourceName } from "./policy/matrix.ts";
import { compactPaths, type AccessReportEntry } from "./denial-report.ts";
import type { SuppressionReport } from "./min-group.ts";

export class RequestAccess {
  private readonly decisions = new Map<ResourceName, Decision>();
  /** the denied fields, by coordinate (set from the response's FORBIDDEN errors, access.plugin.ts) */
  denied: AccessReportEntry[] = [];
  /** "Type.field|resource" → the places masked */
  private readonly maskedPlaces = new Map<string, { coordinate: string; resource: string; paths: (string | number)[][] }>();
  /**
   * The records returned from sensitive resources, and the fields of each: by type, resource and
   * id. Maps keyed by the names themselves rather than one keyed by a "Type:id:resource" text:
   * every field value of such a record is noted (some 3,000 a nested read), and a text built and
   * hashed for each cost more than the rest of the noting.
   */
  private readonly records = new Map<string, Map<string, Map<number, { entityType: string; entityId: number; resource: string; fields: Set<string> }>>>();
  readonly resourcesRead = new Set<string>();
  readonly purposesUsed = new Set<string>();
  /** the grants conditional reads were made under, by id (their use limits go to extensions.useLimits) */
  readonly grantsUsed = new Map<number, AccessGrant>();
  /** aggregates under a grant that applied the minimum group size (min-group.ts), for extensions.minimumGroupSize */
  readonly suppressions: SuppressionReport[] = [];
  /** fields of the operation refused for filtering, ordering or grouping on what may not be read (filter-guard.ts) */
  refusals: Map<FieldNode, GraphQLError> | null = null;

  constructor(
    readonly principal: Principal,
    readonly state: AccessState,
    /** false only when enforcement is switched off to measure its cost */
    readonly enforced = true,
  ) {}

  decision(resource: ResourceName): Decision {
    let d = this.decisions.get(resource);
    if (!d) {
      d = decide(this.state, this.principal, resource);
      this.decisions.set(resource, d);
    }
    return d;
  }

  markMasked(info: GraphQLResolveInfo, resource: string): void {
    const coordinate = `${info.parentType.name}.${info.fieldName}`;
    const key = `${coordinate}|${resource}`;
    let places = this.maskedPlaces.get(key);
    if (!places) {
      places = { coordinate, resource, paths: [] };
      this.maskedPlaces.set(key, places);
    }
    places.paths.push(responsePathAsArray(info.path));
  }

  /** The masked fields, by coordinate. */
  masked(): AccessReportEntry[] {
    return [...this.maskedPlaces.values()].map(({ coordinate, resource, paths }) => ({ coordinate, resource, sharing: "MASK", count: paths.length, paths: compactPaths(paths) }));
  }

  /** How many places of the response were denied, and masked (for the audit). */
  counts(): { denied: number; masked: number } {
    let masked = 0;
    for (const places of this.maskedPlaces.values()) masked += places.paths.length;
    return { denied: this.denied.reduce((n, d) => n + d.count, 0), masked };
  }

  markRead(resource: string, purpose: string | null, grant?: AccessGrant): void {
    this.resourcesRead.add(resource);
    if (purpose) this.purposesUsed.add(purpose);
    if (grant) this.grantsUsed.set(grant.id, grant);
  }

  /** The use limits of the grants this response's conditional data was read under (sharing.type.ts). */
  useLimits(): { grantId: number; resource: string; purpose: string; validUntil: string; noOnwardSharing: boolean; deleteWhenPurposeAchieved: boolean }[] {
    return [...this.grantsUsed.values()].map((g) => ({
      grantId: g.id,
      resource: g.resource,
      purpose: g.purpose,
      validUntil: g.validUntil.toISOString(),
      noOnwardSharing: g.noOnwardSharing,
      deleteWhenPurposeAchieved: g.deleteWhenPurposeAchieved,
    }));
  }

  recordField(entityType: string, entityId: number, resource: string, field: string): void {
    let byResource = this.records.get(entityType);
    if (!byResource) this.records.set(entityType, (byResource = new Map()));
    let byId = byResource.get(resource);
    if (!byId) byResource.set(resource, (byId = new Map()));
    let record = byId.get(entityId);
    if (!record) byId.set(entityId, (record = { entityType, entityId, resource, fields: new Set() }));
    record.fields.add(field);
  }

  /** The records noted, each with the fields returned of it, for the audit entry. */
  auditRecords(): AuditRecordInput[] {
    const out: AuditRecordInput[] = [];
    for (const byResource of this.records.values()) for (const byId of byResource.values()) for (const r of byId.values()) out.push({ entityType: r.entityType, entityId: r.entityId, resource: r.resource, fields: [...r.fields] });
    return out;
  }
}
