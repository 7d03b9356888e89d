// The cases one takes part in: all for the initiator and FINANCE_BUREAU, one's own for an asked agency.
import { builder } from "../builder.ts";
import { MAX_PAGE_SIZE, pageSizeArgument } from "../graph/page-size.ts";
import { PunishmentCaseStatusEnum, PunishmentCaseType } from "./punishment.type.ts";
import { caseNumber, casesVisibleTo } from "./case-access.ts";

builder.queryFields((t) => ({
  punishmentCases: t.field({
    type: [PunishmentCaseType],
    description: "Joint-punishment cases you take part in (联合惩戒案件), newest first: every case for the initiator and FINANCE_BUREAU, those you are asked to act on otherwise.",
    args: {
      status: t.arg({ type: [PunishmentCaseStatusEnum], description: "Only cases in these states." }),
      documentNo: t.arg.string({ description: "Only cases on this dishonesty record (its decision document number)." }),
      first: t.arg.int({ defaultValue: 50, description: "How many (at most 500).", extensions: pageSizeArgument(0, MAX_PAGE_SIZE) }),
    },
    resolve: (_r, args, ctx) =>
      ctx.prisma.punishmentCase.findMany({
        where: {
          AND: [casesVisibleTo(ctx.principal), args.status?.length ? { status: { in: args.status } } : {}, args.documentNo ? { record: { documentNo: args.documentNo, deletedAt: null } } : {}],
        },
        orderBy: { id: "desc" },
        take: args.first ?? 50,
      }),
  }),
  punishmentCase: t.field({
    type: PunishmentCaseType,
    nullable: true,
    description: "One case by its global id; null when it does not exist or you take no part in it.",
    args: { id: t.arg.id({ required: true, description: "The case's global id." }) },
    resolve: (_r, args, ctx) => ctx.prisma.punishmentCase.findFirst({ where: { AND: [{ id: caseNumber(String(args.id)) }, casesVisibleTo(ctx.principal)] } }),
  }),
}));
