// Conditional sharing (有条件共享): an agency requests a resource for a purpose and a period; an
// owner agency approves (possibly for a shorter period) or rejects with a reason; an approval is a
// grant that opens the resource to that agency, for that purpose, until it expires or is revoked.
import type { AccessGrant, AccessRequest, Agency, Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { ConflictError, keyedIssue, NotFoundError, ValidationError } from "../writes/errors.ts";
import type { Tx } from "../writes/write.ts";
import { noteWritten } from "../writes/write-log.ts";
import { MATRIX, RESOURCE_NAMES, type ResourceName } from "./policy/matrix.ts";
import { sharingOf } from "./policy/decide.ts";
import { addWorkingDays } from "./working-days.ts";

export const isOwnerOf = (agency: Agency, resource: ResourceName) => (MATRIX[resource].owners as readonly string[]).includes(agency);

/**
 * Requests a principal may see: its own, those for resources its agency owns; FINANCE_BUREAU all.
 * The lists and every decision on a request or grant look through it, so an id outside it answers
 * exactly as one that does not exist (its resource and requester stay unseen).
 */
export function requestScope(ctx: GraphContext): Prisma.AccessRequestWhereInput {
  const { agency, countyCode } = ctx.principal;
  if (agency === "FINANCE_BUREAU") return {};
  const owned = RESOURCE_NAMES.filter((r) => (MATRIX[r].owners as readonly string[]).includes(agency));
  return { OR: [{ agency, ...(agency === "COUNTY" ? { countyCode } : {}) }, { resource: { in: owned } }] };
}

export function assertResource(resource: string, path: string[]): asserts resource is ResourceName {
  if (!(resource in MATRIX)) throw new ValidationError([keyedIssue(path, "exists", "exists.resource", { resource })]);
}

export async function createAccessRequest(
  tx: Tx,
  ctx: GraphContext,
  input: { resource: string; purpose: string; until: Date },
  replyWorkingDays: number,
): Promise<AccessRequest> {
  assertResource(input.resource, ["resource"]);
  const issues = [];
  const sharing = sharingOf(ctx.access.state, ctx.principal, input.resource);
  if (sharing !== "CONDITIONAL") {
    issues.push(keyedIssue(["resource"], "conditional", sharing === "DENY" ? "conditional.notShared" : "conditional.readable", { resource: input.resource, agency: ctx.principal.agency }));
  }
  const purpose = input.purpose.trim();
  if (purpose.length < 4 || purpose.length > 500) issues.push(keyedIssue(["purpose"], "length", "length.purpose"));
  if (input.until <= ctx.now) issues.push({ path: ["until"], rule: "future", message: "must be in the future" });
  if (issues.length) throw new ValidationError(issues);
  return tx.accessRequest.create({
    data: {
      agency: ctx.principal.agency,
      countyCode: ctx.principal.agency === "COUNTY" ? ctx.principal.countyCode : null,
      requestedBy: ctx.principal.name,
      resource: input.resource,
      purpose,
      requestedUntil: input.until,
      replyDeadline: addWorkingDays(ctx.now, replyWorkingDays),
      createdAt: ctx.now,
    },
  });
}

async function pendingRequestForOwner(tx: Tx, ctx: GraphContext, id: number): Promise<AccessRequest> {
  const request = await tx.accessRequest.findFirst({ where: { AND: [{ id }, requestScope(ctx)] } });
  if (!request) throw new NotFoundError("AccessRequest", String(id));
  assertResource(request.resource, ["requestId"]);
  if (!isOwnerOf(ctx.principal.agency, request.resource)) {
    throw new ValidationError([keyedIssue(["requestId"], "owner", "owner.decideRequest", { resource: request.resource, owners: MATRIX[request.resource].owners.join(", ") })]);
  }
  if (request.status !== "PENDING") throw new ConflictError({ key: "conflict.accessRequest.decided", params: { id, status: request.status.toLowerCase() } });
  return request;
}

/** The use limits an owner attaches to a grant at approval (使用限制); both on unless the owner lifts them. */
export interface UseLimits {
  /** the data may not be passed on to any other party (不得转授、不得向第三方提供) */
  noOnwardSharing: boolean;
  /** the requester deletes what it received once the purpose is achieved (用途达成后删除) */
  deleteWhenPurposeAchieved: boolean;
}

export async function approveAccessRequest(tx: Tx, ctx: GraphContext, id: number, until: Date | null, limits: UseLimits = { noOnwardSharing: true, deleteWhenPurposeAchieved: true }): Promise<AccessGrant> {
  const request = await pendingRequestForOwner(tx, ctx, id);
  const validUntil = until ?? request.requestedUntil;
  if (validUntil > request.requestedUntil) throw new ValidationError([keyedIssue(["until"], "shorter", "shorter.grant")]);
  if (validUntil <= ctx.now) throw new ValidationError([{ path: ["until"], rule: "future", message: "must be in the future" }]);
  await tx.accessRequest.update({ where: { id }, data: { status: "APPROVED", decidedBy: `${ctx.principal.agency}/${ctx.principal.name}`, decidedAt: ctx.now } });
  return tx.accessGrant.create({
    data: {
      requestId: id,
      agency: request.agency,
      countyCode: request.countyCode,
      resource: request.resource,
      purpose: request.purpose,
      validFrom: ctx.now,
      validUntil,
      createdAt: ctx.now,
      noOnwardSharing: limits.noOnwardSharing,
      deleteWhenPurposeAchieved: limits.deleteWhenPurposeAchieved,
    },
  });
}

export async function rejectAccessRequest(tx: Tx, ctx: GraphContext, id: number, reason: string): Promise<AccessRequest> {
  if (reason.trim().length < 4) throw new ValidationError([keyedIssue(["reason"], "required", "required.rejectionReason")]);
  await pendingRequestForOwner(tx, ctx, id);
  return tx.accessRequest.update({
    where: { id },
    data: { status: "REJECTED", decidedBy: `${ctx.principal.agency}/${ctx.principal.name}`, decidedAt: ctx.now, decisionReason: reason.trim() },
  });
}

export async function revokeAccessGrant(tx: Tx, ctx: GraphContext, id: number, reason: string): Promise<AccessGrant> {
  const grant = await tx.accessGrant.findFirst({ where: { id, request: requestScope(ctx) } });
  if (!grant) throw new NotFoundError("AccessGrant", String(id));
  assertResource(grant.resource, ["grantId"]);
  if (!isOwnerOf(ctx.principal.agency, grant.resource) && ctx.principal.agency !== "FINANCE_BUREAU") {
    throw new ValidationError([keyedIssue(["grantId"], "owner", "owner.revokeGrant")]);
  }
  if (grant.revokedAt) throw new ConflictError({ key: "conflict.grant.revoked", params: { id } });
  if (reason.trim().length < 4) throw new ValidationError([keyedIssue(["reason"], "required", "required.revocationReason")]);
  return tx.accessGrant.update({ where: { id }, data: { revokedAt: ctx.now, revokedBy: `${ctx.principal.agency}/${ctx.principal.name}`, revokeReason: reason.trim() } });
}

/**
 * The requester says the grant's purpose is achieved (用途已达成): the grant ends at once (on every
 * server: the grant caches are dropped after the commit, directory.ts MUTATION_TOPICS), and the
 * grant keeps who ended it, when and why, as the write's audit entry does.
 */
export async function markPurposeAchieved(tx: Tx, ctx: GraphContext, id: number, note: string): Promise<AccessGrant> {
  const grant = await tx.accessGrant.findFirst({ where: { id, request: requestScope(ctx) } });
  if (!grant) throw new NotFoundError("AccessGrant", String(id));
  const { agency, countyCode } = ctx.principal;
  const holder = grant.agency === agency && (agency !== "COUNTY" || grant.countyCode === countyCode);
  if (!holder) throw new ValidationError([keyedIssue(["grantId"], "requester", "access.purposeAchievedNotRequester")]);
  const text = note.trim();
  if (text.length < 4 || text.length > 500) throw new ValidationError([keyedIssue(["note"], "length", "access.purposeAchievedNote")]);
  if (grant.revokedAt || grant.validUntil <= ctx.now) throw new ConflictError({ key: "access.purposeAchievedEnded", params: { grant: id } });
  // Conditional on still being live, so two concurrent calls end it once.
  const ended = await tx.accessGrant.updateMany({
    where: { id, revokedAt: null },
    data: { revokedAt: ctx.now, revokedBy: `${agency}/${ctx.principal.name}`, revokeReason: `purpose achieved: ${text}`, purposeAchievedAt: ctx.now },
  });
  if (ended.count !== 1) throw new ConflictError({ key: "access.purposeAchievedEnded", params: { grant: id } });
  // The write's audit entry lists the grant it ended (writes/write.ts).
  noteWritten(tx, [{ entityType: "AccessGrant", entityId: id, changes: { revokedAt: true, revokedBy: true, revokeReason: true, purposeAchievedAt: true } }]);
  return tx.accessGrant.findUniqueOrThrow({ where: { id } });
}
