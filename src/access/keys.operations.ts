// API key management (FINANCE_BUREAU): create, list (prefix only), rotate, revoke.
import { builder } from "../builder.ts";
import type { ApiKey } from "../generated/prisma/client.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { NotFoundError, ValidationError, WRITE_ERRORS } from "../writes/errors.ts";
import { runWrite } from "../writes/write.ts";
import { checkKeySystems, checkNewKey, createApiKey, revokeApiKey, rotateApiKey } from "./api-keys.ts";
import { noteWritten } from "../writes/write-log.ts";

const PrincipalKindEnum = builder.enumType("PrincipalKind", {
  description: "Whether a key is used by a system or a person.",
  values: {
    SYSTEM: { description: "An agency system (machine client); in production it may run registered operations only." },
    USER: { description: "An analyst, e.g. in the explorer." },
  } as const,
});

const ApiKeyType = builder.objectRef<ApiKey>("ApiKey").implement({
  description: "An API key, identified by its public prefix; the secret is shown once, at creation, and stored only hashed.",
  fields: (t) => ({
    prefix: t.exposeString("prefix", { nullable: false, description: "Public prefix, e.g. dlg_1a2b3c4d." }),
    agency: t.field({ type: AgencyEnum, resolve: (k) => k.agency, description: "The agency it acts for." }),
    countyCode: t.exposeString("countyCode", { nullable: true, description: "The county, for a county government." }),
    name: t.exposeString("name", { description: "The system or user it was issued to." }),
    kind: t.field({ type: PrincipalKindEnum, resolve: (k) => k.kind, description: "System or user." }),
    createdAt: t.field({ type: "DateTime", resolve: (k) => k.createdAt, description: "When it was created." }),
    createdBy: t.exposeString("createdBy", { description: "Who created it." }),
    expiresAt: t.field({ type: "DateTime", nullable: true, resolve: (k) => k.expiresAt, description: "When it stops working, if set." }),
    revokedAt: t.field({ type: "DateTime", nullable: true, resolve: (k) => k.revokedAt, description: "When it was revoked, if it was." }),
    systems: t.exposeStringList("systems", { description: "The systems (folders clients/<system>/) whose registered operations this SYSTEM key may run where trusted operations are enforced." }),
    lastUsedAt: t.field({ type: "DateTime", nullable: true, resolve: (k) => k.lastUsedAt, description: "When it last authenticated a request, to the minute (written at most once a minute); null if never." }),
  }),
});

const NewApiKeyType = builder.objectRef<{ key: string; apiKey: ApiKey }>("NewApiKey").implement({
  description: "A newly issued key: store the secret now, it is never shown again.",
  fields: (t) => ({
    key: t.exposeString("key", { description: "The secret to send as `Authorization: Bearer <key>`." }),
    apiKey: t.field({ type: ApiKeyType, resolve: (n) => n.apiKey, description: "The key's record." }),
  }),
});

const ApiKeyInput = builder.inputType("ApiKeyInput", {
  description: "Whom a new key is for.",
  fields: (t) => ({
    agency: t.field({ type: AgencyEnum, required: true, description: "The agency it acts for." }),
    county: t.string({ description: "The county, as a division code (441704) or name (阳东区); required for COUNTY keys." }),
    name: t.string({ required: true, description: "The system or user name, e.g. credit-sync." }),
    kind: t.field({ type: PrincipalKindEnum, defaultValue: "SYSTEM", description: "System (default) or user." }),
    expiresAt: t.field({ type: "DateTime", description: "When it stops working (optional)." }),
    systems: t.stringList({
      description: "For a SYSTEM key: the systems (folders under clients/, e.g. pboc-statements) whose registered operations it may run; where trusted operations are enforced, it runs no other system's.",
    }),
  }),
});

builder.queryFields((t) => ({
  apiKeys: t.field({
    type: [ApiKeyType],
    description: "API keys by prefix, newest first (never the secrets).",
    args: { includeRevoked: t.arg.boolean({ defaultValue: false, description: "Include revoked keys." }) },
    resolve: (_r, args, ctx) => ctx.prisma.apiKey.findMany({ where: args.includeRevoked ? {} : { revokedAt: null }, orderBy: { id: "desc" } }),
  }),
}));

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: NewApiKeyType,
    description: "Issues an API key (FINANCE_BUREAU).",
    errors: { types: WRITE_ERRORS },
    args: { input: t.arg({ type: ApiKeyInput, required: true, description: "Whom the key is for." }) },
    resolve: async (_r, { input }, ctx) => {
      const { countyCode, issues } = await checkNewKey(ctx.prisma, input);
      if (issues.length) throw new ValidationError(issues.map((i) => ({ path: ["input", i.field], rule: i.rule, message: i.message, ...(i.key ? { key: i.key, params: i.params } : {}) })));
      return runWrite(ctx, { operation: "createApiKey", input }, async (tx) => {
        const created = await createApiKey(tx, { agency: input.agency, countyCode, name: input.name, kind: input.kind ?? "SYSTEM", createdBy: `${ctx.principal.agency}/${ctx.principal.name}`, expiresAt: input.expiresAt ?? null, systems: input.systems ?? [] });
        return { key: created.key, apiKey: await tx.apiKey.findUniqueOrThrow({ where: { id: created.id } }) };
      });
    },
  }),
  rotateApiKey: t.field({
    type: NewApiKeyType,
    description: "Issues a new key for the same principal and revokes the old one at once (FINANCE_BUREAU).",
    errors: { types: WRITE_ERRORS },
    args: { prefix: t.arg.string({ required: true, description: "The old key's prefix." }) },
    resolve: async (_r, args, ctx) => {
      return runWrite(ctx, { operation: "rotateApiKey", input: args }, async (tx) => {
        const fresh = await rotateApiKey(tx, args.prefix, `${ctx.principal.agency}/${ctx.principal.name}`);
        if (!fresh) throw new NotFoundError("ApiKey", args.prefix);
        return { key: fresh.key, apiKey: await tx.apiKey.findUniqueOrThrow({ where: { id: fresh.id } }) };
      });
    },
  }),
  setApiKeySystems: t.field({
    type: ApiKeyType,
    description:
      "Binds a live SYSTEM key to the systems (folders under clients/) whose registered operations it may run, replacing its list; applies from its next request on every server (FINANCE_BUREAU).",
    errors: { types: WRITE_ERRORS },
    args: {
      prefix: t.arg.string({ required: true, description: "The key's prefix." }),
      systems: t.arg.stringList({ required: true, description: "The systems, e.g. [\"pboc-statements\"]; [] binds it to none." }),
    },
    resolve: async (_r, args, ctx) => {
      return runWrite(ctx, { operation: "setApiKeySystems", input: args }, async (tx) => {
        const key = await tx.apiKey.findFirst({ where: { prefix: args.prefix, revokedAt: null } });
        if (!key) throw new NotFoundError("ApiKey", args.prefix);
        const issues = checkKeySystems(key.kind, args.systems);
        if (issues.length) throw new ValidationError(issues.map((i) => ({ path: [i.field], rule: i.rule, message: i.message, ...(i.key ? { key: i.key, params: i.params } : {}) })));
        const updated = await tx.apiKey.update({ where: { id: key.id }, data: { systems: [...new Set(args.systems)] } });
        noteWritten(tx, [{ entityType: "ApiKey", entityId: key.id, changes: { systems: true } }]);
        return updated;
      });
    },
  }),
  revokeApiKey: t.field({
    type: ApiKeyType,
    description: "Revokes a key at once (FINANCE_BUREAU).",
    errors: { types: WRITE_ERRORS },
    args: { prefix: t.arg.string({ required: true, description: "The key's prefix." }) },
    resolve: async (_r, args, ctx) => {
      return runWrite(ctx, { operation: "revokeApiKey", input: args }, async (tx) => {
        if (!(await revokeApiKey(tx, args.prefix, ctx.now))) throw new NotFoundError("ApiKey", args.prefix);
        return tx.apiKey.findUniqueOrThrow({ where: { prefix: args.prefix } });
      });
    },
  }),
}));
