// Filtering and ordering of guarantee lists.
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { orderInput, toOrderBy } from "../graph/ordering.ts";
import { resolveCountyCode } from "../reference/places.ts";
import { DateRange, DecimalRange, dateRangeWhere, decimalRangeWhere } from "../graph/ranges.ts";
import { GuaranteeKindEnum } from "./guarantee.enums.ts";

export const GuaranteeFilter = builder.inputType("GuaranteeFilter", {
  description: "Narrows a list of guarantees; all given conditions must hold.",
  fields: (t) => ({
    county: t.string({ description: "Either party's county, as a division code (441704) or name (阳东区)." }),
    guarantor: t.string({ description: "The guarantor's unified social credit code." }),
    borrower: t.string({ description: "The guaranteed borrower's unified social credit code." }),
    loan: t.string({ description: "The guaranteed loan's contract number." }),
    kind: t.field({ type: [GuaranteeKindEnum], description: "Any of these kinds of guarantee." }),
    amount: t.field({ type: DecimalRange, description: "Guaranteed amount within this range (yuan)." }),
    startDate: t.field({ type: DateRange, description: "Guarantee period starting within this date range." }),
    endDate: t.field({ type: DateRange, description: "Guarantee period ending within this date range." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include guarantees the owner retired (default false)." }),
  }),
});

export type GuaranteeFilterShape = typeof GuaranteeFilter.$inferInput;

export async function guaranteeWhere(ctx: GraphContext, filter: GuaranteeFilterShape | null | undefined): Promise<Prisma.GuaranteeWhereInput> {
  const and: Prisma.GuaranteeWhereInput[] = [];
  if (!filter?.includeRetired) and.push({ retiredAt: null });
  if (filter?.county) {
    const countyCode = await resolveCountyCode(ctx, filter.county, "filter.county");
    and.push({ OR: [{ guarantor: { countyCode } }, { borrower: { countyCode } }] });
  }
  if (filter?.guarantor) and.push({ guarantor: { uscc: filter.guarantor } });
  if (filter?.borrower) and.push({ borrower: { uscc: filter.borrower } });
  if (filter?.loan) and.push({ loan: { contractNo: filter.loan } });
  if (filter?.kind?.length) and.push({ kind: { in: filter.kind } });
  if (filter?.amount) and.push({ amount: decimalRangeWhere(filter.amount, "filter.amount") });
  if (filter?.startDate) and.push({ startDate: dateRangeWhere(filter.startDate, "filter.startDate") });
  if (filter?.endDate) and.push({ endDate: dateRangeWhere(filter.endDate, "filter.endDate") });
  return and.length === 1 ? and[0]! : { AND: and };
}

const GuaranteeOrderField = builder.enumType("GuaranteeOrderField", {
  description: "Columns guarantee lists can be ordered by.",
  values: {
    AMOUNT: { description: "Guaranteed amount (担保金额)." },
    START_DATE: { description: "Start of the guarantee period." },
    END_DATE: { description: "End of the guarantee period." },
  } as const,
});

export const GuaranteeOrder = orderInput("GuaranteeOrder", GuaranteeOrderField, "An ordering of guarantees; ties are broken by the order they were recorded.");

export const guaranteeOrderBy = (order: ReadonlyArray<typeof GuaranteeOrder.$inferInput> | null | undefined) =>
  toOrderBy(order, {
    AMOUNT: (d) => ({ amount: d }),
    START_DATE: (d) => ({ startDate: d }),
    END_DATE: (d) => ({ endDate: d }),
  }) as Prisma.GuaranteeOrderByWithRelationInput[];
