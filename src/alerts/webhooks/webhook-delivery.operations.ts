// The delivery log an endpoint's owner reads, and manual redelivery.
import { builder } from "../../builder.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { ConflictError, NotFoundError, keyedIssue, ValidationError, WRITE_ERRORS } from "../../writes/errors.ts";
import { runWrite } from "../../writes/write.ts";
import { ownKeyId } from "./owner.ts";
import { webhookRuntime } from "./runtime.ts";
import { WebhookDeliveryStatusEnum, WebhookDeliveryType } from "./webhook.types.ts";

const MAX_PAGE = 200;
const DELIVERY_ID = /^\d{1,19}$/;
const INCLUDE = { attemptLog: { orderBy: { id: "asc" } }, endpoint: true, event: { select: { topic: true } } } as const satisfies Prisma.WebhookDeliveryInclude;

const WebhookDeliveryFilter = builder.inputType("WebhookDeliveryFilter", {
  description: "Which deliveries to list.",
  fields: (t) => ({
    status: t.field({ type: WebhookDeliveryStatusEnum, description: "Only deliveries in this state." }),
    endpointId: t.int({ description: "Only this endpoint's." }),
    eventId: t.string({ description: "Only this event's (X-DLG-Event-Id)." }),
  }),
});

function deliveryId(raw: string, path: string[]): bigint {
  if (!DELIVERY_ID.test(raw)) throw new ValidationError([keyedIssue(path, "format", "format.deliveryId")]);
  return BigInt(raw);
}

builder.queryFields((t) => ({
  webhookDeliveries: t.field({
    type: [WebhookDeliveryType],
    description: "The delivery log of your system's endpoints, newest first: each delivery's state and attempts. Page with `before` (the last id you received).",
    args: {
      filter: t.arg({ type: WebhookDeliveryFilter, description: "Which deliveries." }),
      first: t.arg.int({ defaultValue: 50, description: `How many (at most ${MAX_PAGE}).` }),
      before: t.arg.string({ description: "Only deliveries older than this one (its id)." }),
    },
    resolve: async (_r, args, ctx) => {
      const first = args.first ?? 50;
      if (first < 0 || first > MAX_PAGE) throw new ValidationError([keyedIssue(["first"], "max", "range.page", { max: MAX_PAGE })]);
      if (args.filter?.eventId && !/^[0-9a-f-]{36}$/i.test(args.filter.eventId)) throw new ValidationError([keyedIssue(["filter", "eventId"], "format", "format.eventId")]);
      const keyId = await ownKeyId(ctx);
      const where: Prisma.WebhookDeliveryWhereInput = {
        endpoint: { apiKeyId: keyId },
        ...(args.filter?.status ? { status: args.filter.status } : {}),
        ...(args.filter?.endpointId != null ? { endpointId: args.filter.endpointId } : {}),
        ...(args.filter?.eventId ? { eventId: args.filter.eventId.toLowerCase() } : {}),
        ...(args.before ? { id: { lt: deliveryId(args.before, ["before"]) } } : {}),
      };
      return ctx.prisma.webhookDelivery.findMany({ where, orderBy: { id: "desc" }, take: first, include: INCLUDE });
    },
  }),
}));

builder.mutationFields((t) => ({
  redeliverWebhook: t.field({
    type: WebhookDeliveryType,
    description: "Sends a DEAD or DELIVERED delivery again: PENDING at once, with a fresh count of attempts, the same event id and body. Its earlier attempts stay in the log.",
    errors: { types: WRITE_ERRORS },
    args: { id: t.arg.string({ required: true, description: "The delivery's number." }) },
    resolve: async (_r, args, ctx) => {
      const id = deliveryId(args.id, ["id"]);
      const delivery = await runWrite(ctx, { operation: "redeliverWebhook", input: args }, async (tx) => {
        const keyId = await ownKeyId(ctx, tx);
        const found = await tx.webhookDelivery.findFirst({ where: { id, endpoint: { apiKeyId: keyId } }, include: { endpoint: true } });
        if (!found) throw new NotFoundError("WebhookDelivery", args.id);
        if (found.status === "PENDING") throw new ConflictError({ key: "conflict.webhookDelivery.pending", params: { id: args.id } });
        if (!found.endpoint.active) throw new ValidationError([keyedIssue(["id"], "webhook.revoked", "webhook.deliveryEndpointRevoked")]);
        return tx.webhookDelivery.update({ where: { id }, data: { status: "PENDING", attempts: 0, nextAttemptAt: ctx.now, lastError: null, deliveredAt: null }, include: INCLUDE });
      });
      webhookRuntime(ctx.directory).worker?.wake();
      return delivery;
    },
  }),
}));
