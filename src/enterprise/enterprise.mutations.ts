// Writes to enterprise registration (owner: market regulation) and to the zombie registry
// (owner: the Economy and IT Bureau).
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { upsertByKey, retireByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { EXPECTED_VERSION_DOC, IDEMPOTENCY_KEY_DOC, WRITE_ERRORS } from "../writes/errors.ts";
import { IssueCollector, datesInOrder, money, text, uscc, date } from "../writes/rules.ts";
import { EnterpriseNode } from "./enterprise.type.ts";
import { KeyIndustryEnum, ListingStatusEnum } from "./enterprise.enums.ts";
import { checkIdNumber } from "./id-number.ts";
import { rereadQuery } from "../writes/reread.ts";
import { countyInputDoc, countyOf } from "../writes/county.ts";

export const PersonInput = builder.inputType("PersonInput", {
  description: "A natural person, identified by the resident ID number.",
  fields: (t) => ({
    name: t.string({ required: true, description: "Name (姓名)." }),
    idNumber: t.string({ required: true, description: "Resident ID number (身份证号码), 18 characters." }),
    phone: t.string({ description: "Mobile phone (手机号码)." }),
  }),
});

const EnterpriseInput = builder.inputType("EnterpriseInput", {
  description: "An enterprise registration, keyed by its unified social credit code (created if new, else updated).",
  fields: (t) => ({
    uscc: t.string({ required: true, description: "Unified social credit code; must pass the GB 32100-2015 check." }),
    name: t.string({ required: true, description: "Registered name." }),
    county: t.string({ required: true, description: countyInputDoc("The county it is registered in") }),
    industry: t.string({ required: true, description: "GB/T 4754 division code, e.g. C33." }),
    listingStatus: t.field({ type: ListingStatusEnum, defaultValue: "NONE", description: "Listing status." }),
    listedOn: t.field({ type: "Date", description: "Listing date; required when listed." }),
    keyIndustries: t.field({ type: [KeyIndustryEnum], defaultValue: [], description: "Key-industry tags." }),
    isHighTech: t.boolean({ defaultValue: false, description: "Certified high-tech enterprise." }),
    registeredCapital: t.field({ type: "Decimal", required: true, description: "Registered capital in yuan." }),
    establishedOn: t.field({ type: "Date", required: true, description: "Date of establishment." }),
    legalRepresentative: t.field({ type: PersonInput, description: "The legal representative." }),
    expectedVersion: t.int({ description: "The version you read; when given, a different stored version is a conflict and nothing is written." }),
  }),
});

const personSchema = z.object({
  name: text(50),
  idNumber: z.string().superRefine((v, ctx) => {
    const problem = checkIdNumber(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem.message, params: { rule: problem.rule } });
  }),
  phone: z
    .string()
    .regex(/^1[3-9]\d{9}$/, { message: "must be an 11-digit mobile number starting 13–19" })
    .nullish(),
});

const enterpriseSchema = z
  .object({
    uscc,
    name: text(200),
    county: z.string(),
    industry: z.string(),
    listingStatus: z.enum(["A_SHARE", "NEEQ", "REGIONAL_EQUITY", "NONE"]),
    listedOn: date.nullish(),
    keyIndustries: z.array(z.string()),
    isHighTech: z.boolean(),
    registeredCapital: money,
    establishedOn: date,
    legalRepresentative: personSchema.nullish(),
    expectedVersion: z.number().int().min(1, { message: "must be 1 or more" }).nullish(),
  })
  .superRefine(datesInOrder("establishedOn", "listedOn"))
  .superRefine((e, ctx) => {
    if (e.listingStatus !== "NONE" && !e.listedOn) ctx.addIssue({ code: "custom", path: ["listedOn"], message: "is required when the enterprise is listed", params: { rule: "required", key: "required.listedOn" } });
    if (e.listingStatus === "NONE" && e.listedOn) ctx.addIssue({ code: "custom", path: ["listedOn"], message: "must be empty when the enterprise is not listed", params: { rule: "empty", key: "empty.listedOn" } });
  });

type EnterpriseRow = VersionedRow & { uscc: string };

/**
 * A mutation answers with the record read back through the Prisma plugin's `query`, so every
 * selected field (relations, derived fields) resolves as it does on a read. A retried idempotent
 * write answers with the same record.
 */
const rereadEnterprise = (ctx: GraphContext, query: object, id: number) => ctx.prisma.enterprise.findUniqueOrThrow({ ...rereadQuery(query), where: { id } });
const enterprises = (tx: Tx) => tx.enterprise as unknown as Delegate<EnterpriseRow>;

/** Validates the input and its references; every problem is reported at once. */
async function validateEnterprise(tx: Tx, input: unknown) {
  const issues = new IssueCollector();
  const data = issues.parse(enterpriseSchema, input, ["input"]);
  const raw = input as { county?: string; industry?: string };
  const [county, industry] = await Promise.all([
    countyOf(tx, raw.county, ["input", "county"], issues),
    raw.industry ? tx.industry.findUnique({ where: { code: raw.industry } }) : null,
  ]);
  if (!industry) issues.add(["input", "industry"], "exists", "exists.industry", { industry: String(raw.industry) });
  issues.throwIfAny();
  return { ...data!, county: county!.code };
}

async function upsertEnterprise(ctx: GraphContext, tx: Tx, input: unknown) {
  const data = await validateEnterprise(tx, input);
  let legalRepresentativeId: number | null | undefined;
  if (data.legalRepresentative) {
    const { name, idNumber, phone } = data.legalRepresentative;
    const person = await tx.person.upsert({
      where: { idNumber },
      create: { name, idNumber, phone: phone ?? null, countyCode: data.county, ownerAgency: "MARKET_REGULATION", reportedAt: ctx.now },
      update: { name, ...(phone ? { phone } : {}) },
    });
    legalRepresentativeId = person.id;
  }
  const { row } = await upsertByKey(tx, ctx, {
    delegate: enterprises(tx),
    entityType: "Enterprise",
    key: data.uscc,
    where: { uscc: data.uscc },
    expectedVersion: data.expectedVersion,
    data: {
      uscc: data.uscc,
      name: data.name,
      countyCode: data.county,
      industryCode: data.industry,
      listingStatus: data.listingStatus,
      listedOn: data.listedOn ?? null,
      keyIndustries: data.keyIndustries,
      isHighTech: data.isHighTech,
      registeredCapital: data.registeredCapital,
      establishedOn: data.establishedOn,
      ...(legalRepresentativeId !== undefined ? { legalRepresentativeId } : {}),
    },
  });
  return row;
}

builder.mutationFields((t) => ({
  upsertEnterprise: t.prismaField({
    type: EnterpriseNode,
    description: "Registers an enterprise or updates its registration (owner: MARKET_REGULATION 市工商局).",
    errors: { types: WRITE_ERRORS },
    args: {
      input: t.arg({ type: EnterpriseInput, required: true, description: "The registration to write." }),
      idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DOC }),
    },
    resolve: async (query, _root, args, ctx) => {
      assertOwner(ctx, ["MARKET_REGULATION"], { key: "records.enterpriseRegistrations" });
      const row = await runWrite(ctx, { operation: "upsertEnterprise", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertEnterprise(ctx, tx, args.input));
      return rereadEnterprise(ctx, query, row.id);
    },
  }),
  retireEnterprise: t.prismaField({
    type: EnterpriseNode,
    description: "Retires an enterprise registration (注销): it stays readable with retiredAt set (owner: MARKET_REGULATION).",
    errors: { types: WRITE_ERRORS },
    args: {
      uscc: t.arg.string({ required: true, description: "The enterprise's unified social credit code." }),
      expectedVersion: t.arg.int({ description: EXPECTED_VERSION_DOC }),
      idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DOC }),
    },
    resolve: async (query, _root, args, ctx) => {
      assertOwner(ctx, ["MARKET_REGULATION"], { key: "records.enterpriseRegistrations" });
      const row = await runWrite(ctx, { operation: "retireEnterprise", input: args, idempotencyKey: args.idempotencyKey }, (tx) =>
        retireByKey(tx, ctx, { delegate: enterprises(tx), entityType: "Enterprise", key: args.uscc, where: { uscc: args.uscc }, expectedVersion: args.expectedVersion }),
      );
      return rereadEnterprise(ctx, query, row.id);
    },
  }),
  setZombieStatus: t.prismaField({
    type: EnterpriseNode,
    description: "Puts an enterprise on or takes it off the zombie-enterprise registry (僵尸企业名录) (owner: INDUSTRY_IT).",
    errors: { types: WRITE_ERRORS },
    args: {
      uscc: t.arg.string({ required: true, description: "The enterprise's unified social credit code." }),
      isZombie: t.arg.boolean({ required: true, description: "True to put it on the registry, false to take it off." }),
      expectedVersion: t.arg.int({ description: EXPECTED_VERSION_DOC }),
      idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DOC }),
    },
    resolve: async (query, _root, args, ctx) => {
      assertOwner(ctx, ["INDUSTRY_IT"], { key: "records.zombieRegistry" });
      const written = await runWrite(ctx, { operation: "setZombieStatus", input: args, idempotencyKey: args.idempotencyKey }, async (tx) => {
        const current = await tx.enterprise.findUnique({ where: { uscc: args.uscc } });
        const { row } = await upsertByKey(tx, ctx, {
          delegate: enterprises(tx),
          entityType: "Enterprise",
          key: args.uscc,
          where: { uscc: args.uscc },
          // Only an existing enterprise can be listed: a missing one is NotFound, not a creation.
          expectedVersion: args.expectedVersion ?? current?.version ?? -1,
          data: { isZombie: args.isZombie },
        });
        return row;
      });
      return rereadEnterprise(ctx, query, written.id);
    },
  }),
}));
