import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { badInput, resolveCountyCode } from "../reference/places.ts";
import { checkUscc } from "./uscc.ts";
import type { GraphContext } from "../context.ts";

const EnterpriseFilter = builder.inputType("EnterpriseFilter", {
  description: "Narrows a list of enterprises; all given conditions must hold.",
  fields: (t) => ({
    county: t.string({ description: "County as a division code (441704) or name (阳东区)." }),
    industry: t.string({ description: "GB/T 4754 division code, e.g. C33." }),
  }),
});

async function enterpriseWhere(
  filter: { county?: string | null; industry?: string | null } | null | undefined,
  ctx: GraphContext,
): Promise<Prisma.EnterpriseWhereInput> {
  const where: Prisma.EnterpriseWhereInput = {};
  if (filter?.county) where.countyCode = await resolveCountyCode(ctx.prisma, filter.county, "filter.county");
  if (filter?.industry) where.industryCode = filter.industry;
  return where;
}

builder.queryFields((t) => ({
  enterprise: t.prismaField({
    type: "Enterprise",
    nullable: true,
    description: "One enterprise by its unified social credit code; null when none is registered under it.",
    args: { uscc: t.arg.string({ required: true, description: "The 18-character unified social credit code." }) },
    resolve: (query, _root, args, ctx) => {
      const problem = checkUscc(args.uscc);
      if (problem) throw badInput(`uscc: ${problem.message}`, "uscc", `uscc.${problem.rule}`);
      return ctx.prisma.enterprise.findUnique({ ...query, where: { uscc: args.uscc } });
    },
  }),
  enterprises: t.prismaConnection({
    type: "Enterprise",
    cursor: "id",
    description: "Enterprises in registration order, optionally filtered by county and industry.",
    args: { filter: t.arg({ type: EnterpriseFilter }) },
    resolve: async (query, _root, args, ctx) =>
      ctx.prisma.enterprise.findMany({ ...query, where: await enterpriseWhere(args.filter, ctx), orderBy: { id: "asc" } }),
  }),
}));
