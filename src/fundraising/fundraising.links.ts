// Traversal from enterprises and counties to illegal-fundraising clues. There is deliberately no
// path from a person to the clues they reported: the informant's identity stays on the clue.
import { builder } from "../builder.ts";
import { scoped } from "../access/row-scope.ts";
import { ClueStatusEnum } from "./clue.enums.ts";
import { FundraisingClueOrder, clueOrderBy } from "./clue.filters.ts";

builder.prismaObjectFields("Enterprise", (t) => ({
  fundraisingClues: t.relatedConnection("fundraisingClues", {
    cursor: "id",
    description: "Illegal-fundraising clues naming this enterprise as the suspect (涉嫌非法集资线索), in order of receipt.",
    args: { status: t.arg({ type: [ClueStatusEnum], description: "Only clues in any of these statuses." }) },
    query: (args, ctx) => ({
      where: scoped(ctx, "FundraisingClue", { retiredAt: null, ...(args.status?.length ? { status: { in: args.status } } : {}) }),
      orderBy: [{ receivedOn: "asc" }, { id: "asc" }],
    }),
  }),
}));

builder.prismaObjectFields("County", (t) => ({
  fundraisingClues: t.relatedConnection("fundraisingClues", {
    cursor: "id",
    description: "Illegal-fundraising clues about activity in this county (辖区非法集资线索), in record order unless ordered otherwise.",
    args: {
      status: t.arg({ type: [ClueStatusEnum], description: "Only clues in any of these statuses." }),
      orderBy: t.arg({ type: [FundraisingClueOrder], description: "Sort keys, first one first." }),
    },
    query: (args, ctx) => ({
      where: scoped(ctx, "FundraisingClue", { retiredAt: null, ...(args.status?.length ? { status: { in: args.status } } : {}) }),
      orderBy: clueOrderBy(args.orderBy),
    }),
  }),
}));
