// One financing platform, PPP project or on-lending by its natural key.
import { builder } from "../builder.ts";
import { scoped } from "../access/row-scope.ts";

builder.queryFields((t) => ({
  financingPlatform: t.prismaField({
    type: "FinancingPlatform",
    nullable: true,
    description: "The financing platform whose enterprise has this unified social credit code, retired or not; null when there is none.",
    args: { uscc: t.arg.string({ required: true, description: "The platform enterprise's unified social credit code." }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.financingPlatform.findFirst({ ...query, where: scoped(ctx, "FinancingPlatform", { enterprise: { uscc: args.uscc } }) }),
  }),
  pppProject: t.prismaField({
    type: "PppProject",
    nullable: true,
    description: "One PPP project by its number, retired or not; null when there is none.",
    args: { projectNo: t.arg.string({ required: true, description: "The project number (项目编号)." }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.pppProject.findFirst({ ...query, where: scoped(ctx, "PppProject", { projectNo: args.projectNo }) }),
  }),
  bondOnLending: t.prismaField({
    type: "BondOnLending",
    nullable: true,
    description: "One bond on-lending by its reference number; null when there is none.",
    args: { referenceNo: t.arg.string({ required: true, description: "The on-lending reference number (转贷协议编号)." }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.bondOnLending.findFirst({ ...query, where: scoped(ctx, "BondOnLending", { referenceNo: args.referenceNo }) }),
  }),
}));
