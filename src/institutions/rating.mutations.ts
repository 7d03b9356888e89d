// Yearly classification rating (分类监管评级) of local financial organizations (FINANCE_BUREAU).
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { IssueCollector, text } from "../writes/rules.ts";
import { InstitutionRatingNode } from "./rating.type.ts";
import { LOCAL_FINANCIAL_KINDS } from "./indicator-rules.ts";
import { writeResult } from "./graph-docs.ts";

interface RateArgs {
  code: string;
  year: number;
  rating: string;
  ratedBy: string;
  expectedVersion?: number | null;
}

const rateSchema = (now: Date) =>
  z.object({
    code: z.string(),
    year: z
      .number()
      .int()
      .min(2016, { message: "must be 2016 (the plan's first year) or later" })
      .max(now.getUTCFullYear(), { message: "must not be a future year" }),
    rating: z.string().regex(/^[ABCD]$/, { message: "must be one of A, B, C, D" }),
    ratedBy: text(200),
    expectedVersion: z.number().int().min(1).nullish(),
  });

const ratings = (tx: Tx) => tx.institutionRating as unknown as Delegate<VersionedRow>;

async function rate(ctx: GraphContext, tx: Tx, args: RateArgs) {
  const issues = new IssueCollector();
  const data = issues.parse(rateSchema(ctx.businessNow), args, []);
  const institution = await tx.institution.findUnique({ where: { code: args.code } });
  if (!institution) issues.add(["code"], "exists", "exists.institutionHas", { code: args.code });
  else if (!LOCAL_FINANCIAL_KINDS.includes(institution.kind)) {
    issues.add(["code"], "localFinancialOrganization", "localFinancialOrganization", { kind: institution.kind });
  } else if (institution.retiredAt) issues.add(["code"], "retired", "retired.institution", { code: institution.code });
  issues.throwIfAny();
  const { row } = await upsertByKey(tx, ctx, {
    delegate: ratings(tx),
    entityType: "InstitutionRating",
    key: `${args.code}/${args.year}`,
    where: { institutionId_year: { institutionId: institution!.id, year: args.year } },
    expectedVersion: data!.expectedVersion,
    data: { institutionId: institution!.id, year: args.year, rating: data!.rating, ratedBy: data!.ratedBy },
  });
  return row;
}

builder.mutationFields((t) => ({
  rateInstitution: t.prismaField({
    type: InstitutionRatingNode,
    description: "Records or corrects a local financial organization's classification rating for a year (owner: FINANCE_BUREAU 市金融局).",
    errors: writeResult("the rating"),
    args: {
      code: t.arg.string({ required: true, description: "The organization's institution code." }),
      year: t.arg.int({ required: true, description: "The year rated, 2016 or later, not in the future." }),
      rating: t.arg.string({ required: true, description: "The grade: A, B, C or D." }),
      ratedBy: t.arg.string({ required: true, description: "The rating body, e.g. 阳江市金融工作局." }),
      expectedVersion: t.arg.int({ description: "The version you read; a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["FINANCE_BUREAU"], { key: "records.classificationRatings" });
      return runWrite(ctx, { operation: "rateInstitution", input: args, idempotencyKey: args.idempotencyKey }, (tx) => rate(ctx, tx, args)) as never;
    },
  }),
}));
