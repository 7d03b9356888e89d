// Whose webhooks a request sees and manages: those registered with the very API key it presents.
// The policy (alerts.webhooks, SYSTEM keys only) decides who may call at all; this is the row scope.
import type { GraphContext } from "../../context.ts";
import type { DbClient } from "../../db/database.ts";
import { keyedIssue, ValidationError } from "../../writes/errors.ts";

/** The id of the caller's API key; a principal without one (a JWT) has no webhooks. */
export async function ownKeyId(ctx: GraphContext, db: DbClient = ctx.prisma): Promise<number> {
  const key = await db.apiKey.findUnique({ where: { prefix: ctx.principal.keyPrefix }, select: { id: true } });
  if (!key) throw new ValidationError([keyedIssue(["authorization"], "webhook.apiKey", "webhook.apiKey")]);
  return key.id;
}
