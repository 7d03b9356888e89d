// Entry points to trading venues and their rectification orders.
import { builder } from "../builder.ts";
import { scoped } from "../access/row-scope.ts";
import { RectificationOrderFilter, TradingVenueFilter, rectificationWhere, venueWhere } from "./venue.filters.ts";

builder.queryFields((t) => ({
  tradingVenue: t.prismaField({
    type: "TradingVenue",
    nullable: true,
    description: "One trading venue by its code; null when there is none (or it is outside the caller's jurisdiction).",
    args: { code: t.arg.string({ required: true, description: "The venue code, e.g. JYCS4417001." }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.tradingVenue.findFirst({ ...query, where: scoped(ctx, "TradingVenue", { code: args.code }) }),
  }),
  tradingVenues: t.prismaConnection({
    type: "TradingVenue",
    cursor: "id",
    description: "Trading venues (交易场所) by code; retired ones only when asked.",
    args: { filter: t.arg({ type: TradingVenueFilter, description: "Conditions the venues must meet." }) },
    resolve: async (query, _root, args, ctx) =>
      ctx.prisma.tradingVenue.findMany({ ...query, where: scoped(ctx, "TradingVenue", await venueWhere(args.filter, ctx)), orderBy: [{ code: "asc" }, { id: "asc" }] }),
    totalCount: async (_root, args, ctx) => ctx.prisma.tradingVenue.count({ where: scoped(ctx, "TradingVenue", await venueWhere(args.filter, ctx)) }),
  }),
  rectificationOrders: t.prismaConnection({
    type: "RectificationOrder",
    cursor: "id",
    description: "Rectification orders (整改通知) to trading venues, earliest deadline first.",
    args: { filter: t.arg({ type: RectificationOrderFilter, description: "Conditions the orders must meet." }) },
    resolve: async (query, _root, args, ctx) =>
      ctx.prisma.rectificationOrder.findMany({
        ...query,
        where: scoped(ctx, "RectificationOrder", await rectificationWhere(args.filter, ctx)),
        orderBy: [{ deadline: "asc" }, { id: "asc" }],
      }),
    totalCount: async (_root, args, ctx) => ctx.prisma.rectificationOrder.count({ where: scoped(ctx, "RectificationOrder", await rectificationWhere(args.filter, ctx)) }),
  }),
}));
