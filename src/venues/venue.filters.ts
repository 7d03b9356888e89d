// Filters of venue and rectification-order lists.
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { DateRange, dateRangeWhere } from "../graph/ranges.ts";
import { resolveCountyCode } from "../reference/places.ts";
import { today } from "../bonds/calendar.ts";
import { RectificationStatusEnum, VenueKindEnum, VenueStatusEnum } from "./venue.enums.ts";

export const TradingVenueFilter = builder.inputType("TradingVenueFilter", {
  description: "Narrows a list of trading venues; all given conditions must hold.",
  fields: (t) => ({
    kind: t.field({ type: [VenueKindEnum], description: "Any of these kinds of venue." }),
    status: t.field({ type: [VenueStatusEnum], description: "Any of these statuses." }),
    county: t.string({ description: "County as a division code (441704) or name (阳东区)." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include venues the owner retired (default false)." }),
  }),
});

export async function venueWhere(filter: typeof TradingVenueFilter.$inferInput | null | undefined, ctx: GraphContext): Promise<Prisma.TradingVenueWhereInput> {
  const where: Prisma.TradingVenueWhereInput = {};
  if (!filter?.includeRetired) where.retiredAt = null;
  if (filter?.kind?.length) where.kind = { in: filter.kind };
  if (filter?.status?.length) where.status = { in: filter.status };
  if (filter?.county) where.countyCode = await resolveCountyCode(ctx, filter.county, "filter.county");
  return where;
}

export const RectificationOrderFilter = builder.inputType("RectificationOrderFilter", {
  description: "Narrows a list of rectification orders; all given conditions must hold.",
  fields: (t) => ({
    status: t.field({ type: [RectificationStatusEnum], description: "Any of these recorded statuses." }),
    overdue: t.boolean({ description: "Overdue (true: not completed with the deadline before today) or not (false)." }),
    county: t.string({ description: "The venue's county, as a division code (441704) or name (阳东区)." }),
    venueCode: t.string({ description: "Only orders to this venue." }),
    deadline: t.field({ type: DateRange, description: "Deadline within this date range (整改期限)." }),
  }),
});

export async function rectificationWhere(filter: typeof RectificationOrderFilter.$inferInput | null | undefined, ctx: GraphContext): Promise<Prisma.RectificationOrderWhereInput> {
  const and: Prisma.RectificationOrderWhereInput[] = [];
  if (filter?.status?.length) and.push({ status: { in: filter.status } });
  // The same rule as RectificationOrder.isOverdue, in SQL.
  const overdue: Prisma.RectificationOrderWhereInput = { status: { not: "COMPLETED" }, deadline: { lt: today(ctx) } };
  if (filter?.overdue === true) and.push(overdue);
  if (filter?.overdue === false) and.push({ NOT: overdue });
  const venue: Prisma.TradingVenueWhereInput = {};
  if (filter?.county) venue.countyCode = await resolveCountyCode(ctx, filter.county, "filter.county");
  if (filter?.venueCode) venue.code = filter.venueCode;
  if (Object.keys(venue).length) and.push({ violation: { inspection: { venue } } });
  if (filter?.deadline) and.push({ deadline: dateRangeWhere(filter.deadline, "filter.deadline") });
  return and.length ? { AND: and } : {};
}
