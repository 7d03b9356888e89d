// What one request may read, and what it did read: the decisions (memoised per resource), the
// fields denied and masked (reported in the response's extensions), and the records returned
// from sensitive resources (written to the audit).
import type { GraphQLResolveInfo } from "graphql";
import { responsePathAsArray } from "graphql";
import type { Principal } from "./principal.ts";
import { decide, type AccessState, type Decision } from "./policy/decide.ts";
import type { ResourceName, Sharing } from "./policy/matrix.ts";

export interface FieldMark {
  path: string;
  resource: string;
  sharing?: Sharing;
}

export class RequestAccess {
  private readonly decisions = new Map<ResourceName, Decision>();
  readonly denied: FieldMark[] = [];
  readonly masked: FieldMark[] = [];
  /** "Type:id" → the record and the fields returned of it */
  readonly records = new Map<string, { entityType: string; entityId: number; resource: string; fields: Set<string> }>();
  readonly resourcesRead = new Set<string>();
  readonly purposesUsed = new Set<string>();

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

  markDenied(info: GraphQLResolveInfo, resource: string, sharing: Sharing): void {
    this.denied.push({ path: responsePathAsArray(info.path).join("."), resource, sharing });
  }

  markMasked(info: GraphQLResolveInfo, resource: string): void {
    this.masked.push({ path: responsePathAsArray(info.path).join("."), resource });
  }

  markRead(resource: string, purpose: string | null): void {
    this.resourcesRead.add(resource);
    if (purpose) this.purposesUsed.add(purpose);
  }

  recordField(entityType: string, entityId: number, resource: string, field: string): void {
    const key = `${entityType}:${entityId}:${resource}`;
    let record = this.records.get(key);
    if (!record) {
      record = { entityType, entityId, resource, fields: new Set() };
      this.records.set(key, record);
    }
    record.fields.add(field);
  }
}
