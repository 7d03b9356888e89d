// Filtering and ordering of fundraising-clue lists.
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { orderInput, toOrderBy } from "../graph/ordering.ts";
import { DateRange, DecimalRange, dateRangeWhere, decimalRangeWhere } from "../graph/ranges.ts";
import { resolveCountyCode } from "../reference/places.ts";
import { ClueSourceEnum, ClueStatusEnum } from "./clue.enums.ts";

export const FundraisingClueFilter = builder.inputType("FundraisingClueFilter", {
  description: "Narrows a list of fundraising clues; all given conditions must hold.",
  fields: (t) => ({
    status: t.field({ type: [ClueStatusEnum], description: "In any of these statuses." }),
    source: t.field({ type: [ClueSourceEnum], description: "From any of these sources." }),
    county: t.string({ description: "County as a division code (441704) or name (阳东区)." }),
    receivedOn: t.field({ type: DateRange, description: "Received within this date range." }),
    amountInvolved: t.field({ type: DecimalRange, description: "Amount involved within this range (yuan)." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include records the owner retired (default false)." }),
  }),
});

export type FundraisingClueFilterShape = typeof FundraisingClueFilter.$inferInput;

export async function clueWhere(filter: FundraisingClueFilterShape | null | undefined, ctx: GraphContext): Promise<Prisma.FundraisingClueWhereInput> {
  const where: Prisma.FundraisingClueWhereInput = {};
  if (!filter?.includeRetired) where.retiredAt = null;
  if (!filter) return where;
  if (filter.status?.length) where.status = { in: filter.status };
  if (filter.source?.length) where.source = { in: filter.source };
  if (filter.county) where.countyCode = await resolveCountyCode(ctx, filter.county, "filter.county");
  if (filter.receivedOn) where.receivedOn = dateRangeWhere(filter.receivedOn, "filter.receivedOn");
  if (filter.amountInvolved) where.amountInvolved = decimalRangeWhere(filter.amountInvolved, "filter.amountInvolved");
  return where;
}

const FundraisingClueOrderField = builder.enumType("FundraisingClueOrderField", {
  description: "Columns fundraising-clue lists can be ordered by.",
  values: {
    RECEIVED_ON: { description: "Date received (受理日期)." },
    AMOUNT_INVOLVED: { description: "Amount involved (涉案金额)." },
    PEOPLE_AFFECTED: { description: "Number of people affected (涉及人数)." },
    CLUE_NO: { description: "Clue number (线索编号)." },
  } as const,
});

export const FundraisingClueOrder = orderInput("FundraisingClueOrder", FundraisingClueOrderField, "An ordering of fundraising clues; ties are broken by record order.");

export const clueOrderBy = (order: ReadonlyArray<typeof FundraisingClueOrder.$inferInput> | null | undefined) =>
  toOrderBy(order, {
    RECEIVED_ON: (d) => ({ receivedOn: d }),
    AMOUNT_INVOLVED: (d) => ({ amountInvolved: d }),
    PEOPLE_AFFECTED: (d) => ({ peopleAffected: d }),
    CLUE_NO: (d) => ({ clueNo: d }),
  }) as Prisma.FundraisingClueOrderByWithRelationInput[];
