// Traversal from a county to the trading venues registered there.
import { builder } from "../builder.ts";
import { scoped } from "../access/row-scope.ts";
import { VenueKindEnum } from "./venue.enums.ts";

builder.prismaObjectFields("County", (t) => ({
  venues: t.relatedConnection("venues", {
    cursor: "id",
    description: "Trading venues registered in this county (辖区交易场所), by code; retired ones left out.",
    args: { kind: t.arg({ type: [VenueKindEnum], description: "Only venues of these kinds." }) },
    query: (args, ctx) => ({
      where: scoped(ctx, "TradingVenue", { retiredAt: null, ...(args.kind?.length ? { kind: { in: args.kind } } : {}) }),
      orderBy: [{ code: "asc" as const }, { id: "asc" as const }],
    }),
  }),
}));
