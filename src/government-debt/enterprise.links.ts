// The financing-platform record of an enterprise that is one.
import { builder } from "../builder.ts";
import { rowScope } from "../access/row-scope.ts";

builder.prismaObjectFields("Enterprise", (t) => ({
  platform: t.relation("platform", {
    nullable: true,
    description: "Its financing-platform record (融资平台公司), if the enterprise is one. City-level platforms register in 江城区 but belong to the city.",
    query: (_args, ctx) => ({ where: rowScope(ctx, "FinancingPlatform") }),
  }),
}));
