// The sharing policy, sharing requests and grants in the graph.
import { builder } from "../builder.ts";
import type { AccessGrant, AccessRequest, PolicyOverride } from "../generated/prisma/client.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { LEGAL_BASIS } from "./policy/legal-basis.ts";
import { CLAUSES } from "./policy/responsibilities.ts";
import { COLUMNS, MATRIX, RESOURCE_NAMES, type Column, type ResourceName } from "./policy/matrix.ts";

export const SharingClassEnum = builder.enumType("SharingClass", {
  description: "How a principal may read a resource (国发〔2016〕51号).",
  values: {
    READ: { description: "Read in clear (无条件共享)." },
    MASK: { description: "Read with identifying characters masked." },
    CONDITIONAL: { description: "Read after the owner approves a request stating a purpose, until it expires (有条件共享)." },
    DENY: { description: "Not shared (不予共享)." },
  } as const,
});

export const AccessRequestStatusEnum = builder.enumType("AccessRequestStatus", {
  description: "Where a sharing request stands.",
  values: {
    PENDING: { description: "Waiting for the owner's decision." },
    APPROVED: { description: "Approved: a grant was issued." },
    REJECTED: { description: "Rejected, with a reason." },
    WITHDRAWN: { description: "Withdrawn by the requester." },
  } as const,
});

export interface SharingCellShape {
  resource: ResourceName;
  principal: Column;
  sharing: "READ" | "MASK" | "CONDITIONAL" | "DENY";
  overridden: boolean;
}

export interface SharingResourceShape {
  name: ResourceName;
  cells: SharingCellShape[];
  mine: SharingCellShape["sharing"];
}

const CLAUSE_TITLES = new Map(CLAUSES.map((c) => [c.id, c.title]));

export const SharingCellType = builder.objectRef<SharingCellShape>("SharingCell").implement({
  description: "One cell of the sharing policy: how one principal may read one resource.",
  fields: (t) => ({
    principal: t.exposeString("principal", { description: "An agency code, COUNTY (county governments) or CREDIT_PLATFORM." }),
    sharing: t.field({ type: SharingClassEnum, resolve: (c) => c.sharing, description: "The sharing class in force." }),
    overridden: t.exposeBoolean("overridden", { description: "True when FINANCE_BUREAU changed this cell from the shipped policy." }),
    legalBasis: t.stringList({
      description: "The seed's clauses that open this cell beyond DOMAIN.md's reference table (e.g. 二(一)2 开展去杠杆风险排查); empty when the cell follows that table.",
      resolve: (c) => (LEGAL_BASIS[c.resource]?.[c.principal] ?? []).map((id) => `${id} ${CLAUSE_TITLES.get(id) ?? ""}`.trim()),
    }),
  }),
});

export const SharingResourceType = builder.objectRef<SharingResourceShape>("SharingResource").implement({
  description: "A resource of the sharing policy: a named group of fields, with how each principal may read it.",
  fields: (t) => ({
    name: t.exposeString("name", { description: "Resource name, e.g. debt.loans." }),
    title: t.string({ description: "What the resource holds, in Chinese and English.", resolve: (r) => MATRIX[r.name].title }),
    owners: t.field({ type: [AgencyEnum], description: "The agencies that own (and always read and write) it.", resolve: (r) => [...MATRIX[r.name].owners] }),
    sensitive: t.boolean({ description: "Personal data or sensitive records: each record returned is listed in the audit.", resolve: (r) => MATRIX[r.name].sensitive }),
    cells: t.field({ type: [SharingCellType], description: "How each principal may read it.", resolve: (r) => r.cells }),
    mine: t.field({ type: SharingClassEnum, description: "How you may read it (owners: READ).", resolve: (r) => r.mine }),
  }),
});

export const PolicyChangeType = builder.objectRef<PolicyOverride>("PolicyChange").implement({
  description: "A change FINANCE_BUREAU made to a cell of the sharing policy, with who and why.",
  fields: (t) => ({
    resource: t.exposeString("resource", { description: "The resource." }),
    principal: t.exposeString("principal", { description: "The principal column changed." }),
    sharing: t.field({ type: SharingClassEnum, resolve: (c) => c.sharing, description: "The new sharing class." }),
    changedBy: t.exposeString("changedBy", { description: "Who changed it." }),
    reason: t.exposeString("reason", { description: "Why." }),
    changedAt: t.field({ type: "DateTime", resolve: (c) => c.changedAt, description: "When; it applied from the next request on." }),
  }),
});

export const AccessGrantType = builder.objectRef<AccessGrant>("AccessGrant").implement({
  description: "Permission for an agency to read a conditional resource for a purpose, until it expires or is revoked (共享授权).",
  fields: (t) => ({
    id: t.exposeInt("id", { nullable: false, description: "Grant number." }),
    agency: t.field({ type: AgencyEnum, resolve: (g) => g.agency, description: "The agency granted access." }),
    countyCode: t.exposeString("countyCode", { nullable: true, description: "The county, for a county government." }),
    resource: t.exposeString("resource", { description: "The resource opened." }),
    purpose: t.exposeString("purpose", { description: "The purpose stated; operations must state it (X-Purpose header) to use the grant." }),
    validFrom: t.field({ type: "DateTime", resolve: (g) => g.validFrom, description: "From when." }),
    validUntil: t.field({ type: "DateTime", resolve: (g) => g.validUntil, description: "Until when (exclusive); it stops working at once after." }),
    revokedAt: t.field({ type: "DateTime", nullable: true, resolve: (g) => g.revokedAt, description: "When it ended early, if it did: revoked by the owner or FINANCE_BUREAU, or its purpose marked achieved by the requester." }),
    revokedBy: t.exposeString("revokedBy", { nullable: true, description: "Who ended it (agency/name)." }),
    revokeReason: t.exposeString("revokeReason", { nullable: true, description: "Why it ended (for a purpose achieved: \"purpose achieved: <note>\")." }),
    noOnwardSharing: t.exposeBoolean("noOnwardSharing", { description: "Use limit: the data may not be passed on to any other party (不得向第三方提供)." }),
    deleteWhenPurposeAchieved: t.exposeBoolean("deleteWhenPurposeAchieved", {
      description: "Use limit: the requester deletes what it received once the purpose is achieved, and says so with markPurposeAchieved (用途达成后删除).",
    }),
    purposeAchievedAt: t.field({
      type: "DateTime",
      nullable: true,
      resolve: (g) => g.purposeAchievedAt,
      description: "When the requester marked the purpose achieved, which ended the grant (revokedBy and revokeReason say who and why).",
    }),
    isLive: t.boolean({ description: "Whether it opens the resource now.", resolve: (g, _a, ctx) => !g.revokedAt && g.validFrom <= ctx.now && g.validUntil > ctx.now }),
  }),
});

export const AccessRequestType = builder.objectRef<AccessRequest & { grant?: AccessGrant | null }>("AccessRequest").implement({
  description: "A request to read a conditional resource for a stated purpose (共享申请), and its answer.",
  fields: (t) => ({
    id: t.exposeInt("id", { nullable: false, description: "Request number." }),
    agency: t.field({ type: AgencyEnum, resolve: (r) => r.agency, description: "The requesting agency." }),
    countyCode: t.exposeString("countyCode", { nullable: true, description: "The requesting county, for a county government." }),
    requestedBy: t.exposeString("requestedBy", { description: "The system or user that asked." }),
    resource: t.exposeString("resource", { description: "The resource asked for." }),
    purpose: t.exposeString("purpose", { description: "The purpose stated (申请用途)." }),
    requestedUntil: t.field({ type: "DateTime", resolve: (r) => r.requestedUntil, description: "Until when access is asked for." }),
    status: t.field({ type: AccessRequestStatusEnum, resolve: (r) => r.status, description: "Where it stands." }),
    replyDeadline: t.field({ type: "DateTime", resolve: (r) => r.replyDeadline, description: "When the owner must have answered (答复期限, working days)." }),
    isOverdue: t.boolean({ description: "Pending past its reply deadline (逾期未答复).", resolve: (r, _a, ctx) => r.status === "PENDING" && r.replyDeadline < ctx.now }),
    decidedBy: t.exposeString("decidedBy", { nullable: true, description: "Who decided." }),
    decidedAt: t.field({ type: "DateTime", nullable: true, resolve: (r) => r.decidedAt, description: "When it was decided." }),
    decisionReason: t.exposeString("decisionReason", { nullable: true, description: "The reason given (mandatory for a rejection)." }),
    createdAt: t.field({ type: "DateTime", resolve: (r) => r.createdAt, description: "When it was made." }),
    grant: t.field({
      type: AccessGrantType,
      nullable: true,
      description: "The grant issued on approval.",
      resolve: async (r, _a, ctx) => r.grant ?? ctx.prisma.accessGrant.findUnique({ where: { requestId: r.id } }),
    }),
  }),
});

export { COLUMNS, RESOURCE_NAMES };
