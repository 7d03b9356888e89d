// Filtering and ordering of government debt lists.
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { orderInput, toOrderBy } from "../graph/ordering.ts";
import { DateRange, DecimalRange, dateRangeWhere, decimalRangeWhere } from "../graph/ranges.ts";
import { resolveCountyCode } from "../reference/places.ts";
import { DebtInstrumentEnum, GovernmentDebtClassEnum } from "./government-debt.enums.ts";

export const GovernmentDebtFilter = builder.inputType("GovernmentDebtFilter", {
  description: "Narrows a list of government debt items; all given conditions must hold.",
  fields: (t) => ({
    classes: t.field({ type: [GovernmentDebtClassEnum], description: "Any of these classes (债务类别)." }),
    county: t.string({ description: "Government level as a division code (441700 for the city, 441704) or name (阳江市, 阳东区)." }),
    instruments: t.field({ type: [DebtInstrumentEnum], description: "Any of these instruments (举借方式)." }),
    platform: t.string({ description: "Only items borrowed by the financing platform whose enterprise has this unified social credit code." }),
    maturityDate: t.field({ type: DateRange, description: "Maturing within this date range (到期日期)." }),
    balance: t.field({ type: DecimalRange, description: "Outstanding balance within this range (债务余额, yuan)." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include records the owner retired (default false)." }),
  }),
});

export type GovernmentDebtFilterShape = typeof GovernmentDebtFilter.$inferInput;

export async function governmentDebtWhere(filter: GovernmentDebtFilterShape | null | undefined, ctx: GraphContext): Promise<Prisma.GovernmentDebtWhereInput> {
  const where: Prisma.GovernmentDebtWhereInput = {};
  if (!filter?.includeRetired) where.retiredAt = null;
  if (!filter) return where;
  if (filter.classes?.length) where.debtClass = { in: filter.classes };
  if (filter.county) where.countyCode = await resolveCountyCode(ctx, filter.county, "filter.county");
  if (filter.instruments?.length) where.instrument = { in: filter.instruments };
  if (filter.platform) where.platform = { enterprise: { uscc: filter.platform } };
  if (filter.maturityDate) where.maturityDate = dateRangeWhere(filter.maturityDate, "filter.maturityDate");
  if (filter.balance) where.balance = decimalRangeWhere(filter.balance, "filter.balance");
  return where;
}

const GovernmentDebtOrderField = builder.enumType("GovernmentDebtOrderField", {
  description: "Columns government debt lists can be ordered by.",
  values: {
    BALANCE: { description: "Outstanding balance (债务余额)." },
    MATURITY_DATE: { description: "Maturity date (到期日期)." },
    PRINCIPAL: { description: "Principal (借款本金)." },
  } as const,
});

export const GovernmentDebtOrder = orderInput("GovernmentDebtOrder", GovernmentDebtOrderField, "An ordering of government debt items; ties are broken by record order.");

export const governmentDebtOrderBy = (order: ReadonlyArray<typeof GovernmentDebtOrder.$inferInput> | null | undefined) =>
  toOrderBy(order, {
    BALANCE: (d) => ({ balance: d }),
    MATURITY_DATE: (d) => ({ maturityDate: d }),
    PRINCIPAL: (d) => ({ principal: d }),
  }) as Prisma.GovernmentDebtOrderByWithRelationInput[];
