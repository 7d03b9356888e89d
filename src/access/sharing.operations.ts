// Queries and mutations of the sharing policy and of conditional sharing.
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { runWrite } from "../writes/write.ts";
import { IDEMPOTENCY_KEY_DOC, keyedIssue, ValidationError, WRITE_ERRORS } from "../writes/errors.ts";
import { COLUMNS, MATRIX, RESOURCE_NAMES, shippedCell, type Column, type ResourceName } from "./policy/matrix.ts";
import { sharingOf } from "./policy/decide.ts";
import { AccessGrantType, AccessRequestStatusEnum, AccessRequestType, PolicyChangeType, SharingClassEnum, SharingResourceType, type SharingResourceShape } from "./sharing.type.ts";
import { approveAccessRequest, assertResource, createAccessRequest, markPurposeAchieved, rejectAccessRequest, requestScope, revokeAccessGrant } from "./grants.ts";

function policyView(ctx: GraphContext): SharingResourceShape[] {
  const { overrides } = ctx.access.state;
  return RESOURCE_NAMES.map((name) => ({
    name,
    mine: sharingOf(ctx.access.state, ctx.principal, name),
    cells: COLUMNS.map((principal) => {
      const override = overrides.get(`${name}|${principal}`);
      return { resource: name, principal, sharing: override ?? shippedCell(name, principal), overridden: override !== undefined && override !== shippedCell(name, principal) };
    }),
  }));
}

const AccessRequestFilter = builder.inputType("AccessRequestFilter", {
  description: "Narrows a list of sharing requests.",
  fields: (t) => ({
    status: t.field({ type: AccessRequestStatusEnum, description: "Only requests in this state." }),
    resource: t.string({ description: "Only requests for this resource." }),
    overdue: t.boolean({ description: "Only pending requests past their reply deadline (true)." }),
  }),
});

builder.queryFields((t) => ({
  sharingPolicy: t.field({
    type: [SharingResourceType],
    description: "The sharing policy in force: every resource with how each principal may read it, and how you may.",
    resolve: (_r, _a, ctx) => policyView(ctx),
  }),
  policyChanges: t.field({
    type: [PolicyChangeType],
    description: "Changes FINANCE_BUREAU made to the policy, newest first.",
    resolve: (_r, _a, ctx) => ctx.prisma.policyOverride.findMany({ orderBy: { id: "desc" }, take: 500 }),
  }),
  accessRequests: t.field({
    type: [AccessRequestType],
    description: "Sharing requests you made or must decide (FINANCE_BUREAU, as coordinator: all), newest first.",
    args: { filter: t.arg({ type: AccessRequestFilter, description: "Conditions the requests must meet." }) },
    resolve: (_r, args, ctx) =>
      ctx.prisma.accessRequest.findMany({
        where: {
          AND: [
            requestScope(ctx),
            args.filter?.status ? { status: args.filter.status } : {},
            args.filter?.resource ? { resource: args.filter.resource } : {},
            args.filter?.overdue ? { status: "PENDING", replyDeadline: { lt: ctx.now } } : {},
          ],
        },
        include: { grant: true },
        orderBy: { id: "desc" },
        take: 500,
      }),
  }),
  accessGrants: t.field({
    type: [AccessGrantType],
    description: "Grants you hold or issued (FINANCE_BUREAU: all), newest first.",
    args: { liveOnly: t.arg.boolean({ defaultValue: false, description: "Only grants that open their resource now." }) },
    resolve: (_r, args, ctx) =>
      ctx.prisma.accessGrant.findMany({
        where: {
          AND: [
            { request: requestScope(ctx) },
            args.liveOnly ? { revokedAt: null, validFrom: { lte: ctx.now }, validUntil: { gt: ctx.now } } : {},
          ],
        },
        orderBy: { id: "desc" },
        take: 500,
      }),
  }),
}));

builder.mutationFields((t) => ({
  setPolicyCell: t.field({
    type: [SharingResourceType],
    description: "Changes one cell of the sharing policy, recorded with who and why; applies from the next request (FINANCE_BUREAU only).",
    errors: { types: WRITE_ERRORS },
    args: {
      resource: t.arg.string({ required: true, description: "The resource, e.g. debt.loans." }),
      principal: t.arg.string({ required: true, description: "An agency code, COUNTY or CREDIT_PLATFORM." }),
      sharing: t.arg({ type: SharingClassEnum, required: true, description: "The new sharing class." }),
      reason: t.arg.string({ required: true, description: "Why (kept with the change)." }),
    },
    resolve: async (_r, args, ctx) => {
      assertResource(args.resource, ["resource"]);
      const issues = [];
      if (!(COLUMNS as readonly string[]).includes(args.principal)) issues.push({ path: ["principal"], rule: "oneOf", message: `must be one of ${COLUMNS.join(", ")}`, params: { values: COLUMNS.join(", ") } });
      if (args.reason.trim().length < 4) issues.push(keyedIssue(["reason"], "required", "required.policyReason"));
      if ((MATRIX[args.resource as ResourceName].owners as readonly string[]).includes(args.principal)) {
        issues.push(keyedIssue(["principal"], "owner", "owner.readsOwn"));
      }
      if (issues.length) throw new ValidationError(issues);
      await runWrite(ctx, { operation: "setPolicyCell", input: args }, (tx) =>
        tx.policyOverride.create({
          data: { resource: args.resource, principal: args.principal as Column, sharing: args.sharing, changedBy: `${ctx.principal.agency}/${ctx.principal.name}`, reason: args.reason.trim(), changedAt: ctx.now },
        }),
      );
      // Answer with the policy as the next request will see it.
      ctx.access.state.overrides = await ctx.directory.overrides();
      return policyView(ctx);
    },
  }),
  requestAccess: t.field({
    type: AccessRequestType,
    description: "Asks the owner of a conditional resource for access, for a purpose, until a date (有条件共享申请).",
    errors: { types: WRITE_ERRORS },
    args: {
      resource: t.arg.string({ required: true, description: "The conditional resource, e.g. debt.loans." }),
      purpose: t.arg.string({ required: true, description: "What the data is needed for; operations using the grant state it." }),
      until: t.arg({ type: "DateTime", required: true, description: "Until when access is needed." }),
      idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DOC }),
    },
    resolve: (_r, args, ctx) =>
      runWrite(ctx, { operation: "requestAccess", input: args, idempotencyKey: args.idempotencyKey }, (tx) =>
        createAccessRequest(tx, ctx, args, ctx.replyWorkingDays),
      ),
  }),
  approveAccessRequest: t.field({
    type: AccessGrantType,
    description: "Approves a pending request for a resource your agency owns, optionally for a shorter period; issues the grant.",
    errors: { types: WRITE_ERRORS },
    args: {
      requestId: t.arg.int({ required: true, description: "The request number." }),
      until: t.arg({ type: "DateTime", description: "A shorter period than requested (optional)." }),
      noOnwardSharing: t.arg.boolean({ defaultValue: true, description: "Use limit: the data may not be passed on to any other party (不得向第三方提供); on unless lifted." }),
      deleteWhenPurposeAchieved: t.arg.boolean({
        defaultValue: true,
        description: "Use limit: the requester deletes what it received once the purpose is achieved and says so with markPurposeAchieved (用途达成后删除); on unless lifted.",
      }),
    },
    resolve: (_r, args, ctx) =>
      runWrite(ctx, { operation: "approveAccessRequest", input: args }, (tx) =>
        approveAccessRequest(tx, ctx, args.requestId, args.until ?? null, { noOnwardSharing: args.noOnwardSharing ?? true, deleteWhenPurposeAchieved: args.deleteWhenPurposeAchieved ?? true }),
      ),
  }),
  rejectAccessRequest: t.field({
    type: AccessRequestType,
    description: "Rejects a pending request for a resource your agency owns; the reason is mandatory.",
    errors: { types: WRITE_ERRORS },
    args: {
      requestId: t.arg.int({ required: true, description: "The request number." }),
      reason: t.arg.string({ required: true, description: "Why (given to the requester)." }),
    },
    resolve: (_r, args, ctx) => runWrite(ctx, { operation: "rejectAccessRequest", input: args }, (tx) => rejectAccessRequest(tx, ctx, args.requestId, args.reason)),
  }),
  revokeAccessGrant: t.field({
    type: AccessGrantType,
    description: "Revokes a grant at once (the resource's owner or FINANCE_BUREAU).",
    errors: { types: WRITE_ERRORS },
    args: {
      grantId: t.arg.int({ required: true, description: "The grant number." }),
      reason: t.arg.string({ required: true, description: "Why." }),
    },
    resolve: (_r, args, ctx) => runWrite(ctx, { operation: "revokeAccessGrant", input: args }, (tx) => revokeAccessGrant(tx, ctx, args.grantId, args.reason)),
  }),
  markPurposeAchieved: t.field({
    type: AccessGrantType,
    description:
      "The requester (the agency holding the grant) says the grant's purpose is achieved and what it received is deleted: the grant ends at once, on every server, and keeps who ended it, when and why.",
    errors: { types: WRITE_ERRORS },
    args: {
      grantId: t.arg.int({ required: true, description: "The grant number." }),
      note: t.arg.string({ required: true, description: "How the purpose was achieved and that the data was deleted (4–500 characters)." }),
    },
    resolve: (_r, args, ctx) => runWrite(ctx, { operation: "markPurposeAchieved", input: args }, (tx) => markPurposeAchieved(tx, ctx, args.grantId, args.note)),
  }),
}));
