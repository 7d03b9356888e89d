// Filtering and ordering of dishonesty-record lists. Deleted records (tombstones) are never listed.
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { orderInput, toOrderBy } from "../graph/ordering.ts";
import { DateRange, dateRangeWhere } from "../graph/ranges.ts";
import { badInput, resolveCountyCode } from "../reference/places.ts";
import { checkUscc } from "../enterprise/uscc.ts";
import { DishonestyListEnum, DishonestyStatusEnum, DishonestySubjectTypeEnum } from "./dishonesty.enums.ts";

export const DishonestyRecordFilter = builder.inputType("DishonestyRecordFilter", {
  description: "Narrows a list of dishonesty records; all given conditions must hold.",
  fields: (t) => ({
    list: t.field({ type: [DishonestyListEnum], description: "On any of these lists." }),
    status: t.field({ type: [DishonestyStatusEnum], description: "In any of these statuses." }),
    subjectType: t.field({ type: DishonestySubjectTypeEnum, description: "Only enterprise or only person subjects." }),
    county: t.string({ description: "The subject's county, as a division code (441704) or name (阳东区)." }),
    listedOn: t.field({ type: DateRange, description: "Listed within this date range." }),
    enterprise: t.string({ description: "Only records of the enterprise with this unified social credit code." }),
  }),
});

export type DishonestyRecordFilterShape = typeof DishonestyRecordFilter.$inferInput;

export async function dishonestyWhere(filter: DishonestyRecordFilterShape | null | undefined, ctx: GraphContext): Promise<Prisma.DishonestyRecordWhereInput> {
  const where: Prisma.DishonestyRecordWhereInput = { deletedAt: null };
  if (!filter) return where;
  if (filter.list?.length) where.list = { in: filter.list };
  if (filter.status?.length) where.status = { in: filter.status };
  if (filter.subjectType) where.subjectType = filter.subjectType;
  if (filter.county) where.countyCode = await resolveCountyCode(ctx, filter.county, "filter.county");
  if (filter.listedOn) where.listedOn = dateRangeWhere(filter.listedOn, "filter.listedOn");
  if (filter.enterprise) {
    const problem = checkUscc(filter.enterprise);
    if (problem) throw badInput({ key: "argument.at", params: { field: "filter.enterprise", problem: { key: `rule.uscc.${problem.rule}`, params: problem.params } } }, "filter.enterprise", `uscc.${problem.rule}`);
    where.enterprise = { uscc: filter.enterprise };
  }
  return where;
}

const DishonestyRecordOrderField = builder.enumType("DishonestyRecordOrderField", {
  description: "Columns dishonesty-record lists can be ordered by.",
  values: {
    LISTED_ON: { description: "Listing date (列入日期)." },
    EXPIRES_ON: { description: "Expiry date (移出日期); records without one come last when ascending." },
    DOCUMENT_NO: { description: "Decision document number (决定文书号)." },
  } as const,
});

export const DishonestyRecordOrder = orderInput("DishonestyRecordOrder", DishonestyRecordOrderField, "An ordering of dishonesty records; ties are broken by record order.");

export const dishonestyOrderBy = (order: ReadonlyArray<typeof DishonestyRecordOrder.$inferInput> | null | undefined) =>
  toOrderBy(order, {
    LISTED_ON: (d) => ({ listedOn: d }),
    EXPIRES_ON: (d) => ({ expiresOn: { sort: d, nulls: d === "asc" ? "last" : "first" } }),
    DOCUMENT_NO: (d) => ({ documentNo: d }),
  }) as Prisma.DishonestyRecordOrderByWithRelationInput[];
