// Registering, listing, rotating and revoking a system's webhook endpoints (issue 12 item 5).
import { builder } from "../../builder.ts";
import type { GraphContext } from "../../context.ts";
import { NotFoundError, keyedIssue, ValidationError, WRITE_ERRORS } from "../../writes/errors.ts";
import { runWrite, type Tx } from "../../writes/write.ts";
import { webhookUrlProblem } from "./allowed-hosts.ts";
import { ownKeyId } from "./owner.ts";
import { webhookRuntime } from "./runtime.ts";
import { newWebhookSecret } from "./signature.ts";
import { TOPICS, WebhookEndpointType, WebhookSecretType, WebhookTopicEnum, type TopicName } from "./webhook.types.ts";

/** Endpoints a key may hold: enough for primary and standby receivers, not a way to multiply traffic. */
const MAX_ENDPOINTS_PER_KEY = 10;
const MAX_URL_LENGTH = 2000;

const WebhookEndpointInput = builder.inputType("WebhookEndpointInput", {
  description: "Where to deliver and what.",
  fields: (t) => ({
    url: t.string({ required: true, description: "An http(s) URL on a host the administrator allowed (WEBHOOK_ALLOWED_HOSTS). Redirects are not followed." }),
    topics: t.field({ type: [WebhookTopicEnum], description: "The topics to receive; absent or empty: all." }),
  }),
});

function checkUrl(ctx: GraphContext, url: string): void {
  if (url.length > MAX_URL_LENGTH) throw new ValidationError([{ path: ["input", "url"], rule: "maxLength", message: `must be at most ${MAX_URL_LENGTH} characters`, params: { maximum: MAX_URL_LENGTH } }]);
  const issue = webhookUrlProblem(url, webhookRuntime(ctx.directory).allowedHosts);
  if (issue) throw new ValidationError([keyedIssue(["input", "url"], issue.rule, issue.key, issue.params)]);
}

/** One of the caller's endpoints, or NotFound (another system's endpoint is not found either). */
async function ownEndpoint(ctx: GraphContext, tx: Tx, id: number) {
  const keyId = await ownKeyId(ctx, tx);
  const endpoint = await tx.webhookEndpoint.findFirst({ where: { id, apiKeyId: keyId } });
  if (!endpoint) throw new NotFoundError("WebhookEndpoint", String(id));
  return endpoint;
}

builder.queryFields((t) => ({
  webhookEndpoints: t.field({
    type: [WebhookEndpointType],
    description: "Your system's webhook endpoints (those registered with the key you call with), newest first; never their secrets.",
    args: { includeRevoked: t.arg.boolean({ defaultValue: false, description: "Include revoked endpoints." }) },
    resolve: async (_r, args, ctx) => {
      const keyId = await ownKeyId(ctx);
      return ctx.prisma.webhookEndpoint.findMany({ where: { apiKeyId: keyId, ...(args.includeRevoked ? {} : { active: true }) }, orderBy: { id: "desc" } });
    },
  }),
}));

builder.mutationFields((t) => ({
  registerWebhookEndpoint: t.field({
    type: WebhookSecretType,
    description: "Registers an endpoint for your system (SYSTEM keys only): events you may see are POSTed to it, signed with the secret returned here, once.",
    errors: { types: WRITE_ERRORS },
    args: { input: t.arg({ type: WebhookEndpointInput, required: true, description: "The URL and topics." }) },
    resolve: async (_r, { input }, ctx) => {
      checkUrl(ctx, input.url);
      const topics = [...new Set((input.topics ?? []).map((name) => TOPICS[name as TopicName]))];
      return runWrite(ctx, { operation: "registerWebhookEndpoint", input }, async (tx) => {
        const apiKeyId = await ownKeyId(ctx, tx);
        if ((await tx.webhookEndpoint.count({ where: { apiKeyId, active: true } })) >= MAX_ENDPOINTS_PER_KEY) {
          throw new ValidationError([keyedIssue(["input"], "webhook.maxEndpoints", "webhook.maxEndpoints", { max: MAX_ENDPOINTS_PER_KEY })]);
        }
        const secret = newWebhookSecret();
        const endpoint = await tx.webhookEndpoint.create({ data: { apiKeyId, url: input.url, secret, topics } });
        return { secret, endpoint };
      });
    },
  }),
  rotateWebhookSecret: t.field({
    type: WebhookSecretType,
    description: "Replaces an endpoint's secret at once and returns the new one, once. Deliveries sent from now on are signed with it, retries of older ones included.",
    errors: { types: WRITE_ERRORS },
    args: { id: t.arg.int({ required: true, description: "The endpoint's number." }) },
    resolve: (_r, args, ctx) =>
      runWrite(ctx, { operation: "rotateWebhookSecret", input: args }, async (tx) => {
        const endpoint = await ownEndpoint(ctx, tx, args.id);
        if (!endpoint.active) throw new ValidationError([keyedIssue(["id"], "webhook.revoked", "webhook.endpointRevoked")]);
        const secret = newWebhookSecret();
        return { secret, endpoint: await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { secret } }) };
      }),
  }),
  revokeWebhookEndpoint: t.field({
    type: WebhookEndpointType,
    description: "Stops delivering to an endpoint at once; its pending deliveries become DEAD at their next attempt. Its log stays readable.",
    errors: { types: WRITE_ERRORS },
    args: { id: t.arg.int({ required: true, description: "The endpoint's number." }) },
    resolve: (_r, args, ctx) =>
      runWrite(ctx, { operation: "revokeWebhookEndpoint", input: args }, async (tx) => {
        const endpoint = await ownEndpoint(ctx, tx, args.id);
        if (!endpoint.active) return endpoint;
        return tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { active: false, revokedAt: ctx.now } });
      }),
  }),
}));
