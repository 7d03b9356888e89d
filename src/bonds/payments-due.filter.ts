// The window and filter of `bondPaymentsDue`, translated twice from one resolved shape: into a
// Prisma `where` for the list of schedule items, and into SQL for the totals. Keep the two in step
// (the tests compare the list's count with the SQL totals).
import { builder } from "../builder.ts";
import { Prisma, type Agency, type BondFlowKind, type BondKind, type BondStatus } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { scoped, scopedCounty } from "../access/row-scope.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { badInput, resolveCountyCode } from "../reference/places.ts";
import { BondFlowKindEnum, BondKindEnum, BondStatusEnum } from "./bond.enums.ts";

export const BondPaymentsDueFilter = builder.inputType("BondPaymentsDueFilter", {
  description: "Narrows the payments falling due; all given conditions must hold.",
  fields: (t) => ({
    flowKind: t.field({ type: [BondFlowKindEnum], description: "Only coupons (付息) or only principal (还本)." }),
    bondKind: t.field({ type: [BondKindEnum], description: "Only bonds of these kinds (债券品种)." }),
    bondStatus: t.field({ type: [BondStatusEnum], description: "Only bonds in these statuses (债券状态)." }),
    county: t.string({ description: "The issuer's county, as a division code (441704) or name (阳东区)." }),
    issuerUscc: t.string({ description: "The issuer's unified social credit code." }),
    ownerAgency: t.field({ type: AgencyEnum, description: "Only bonds owned by this agency." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include bonds the owner retired (default false)." }),
  }),
});

/** The resolved window: dates checked, county resolved, the caller's row scope fixed. */
export interface DueWindow {
  from: Date;
  to: Date;
  flowKind: BondFlowKind[] | null;
  bondKind: BondKind[] | null;
  bondStatus: BondStatus[] | null;
  countyCode: string | null;
  issuerUscc: string | null;
  ownerAgency: Agency | null;
  includeRetired: boolean;
  /** the county a county principal is limited to */
  scopeCounty: string | null;
}

export async function resolveDueWindow(ctx: GraphContext, from: Date, to: Date, filter: typeof BondPaymentsDueFilter.$inferInput | null | undefined): Promise<DueWindow> {
  if (from > to) throw badInput({ key: "argument.fromAfterToBare" }, "to", "rangeOrder");
  const nonEmpty = <T>(list: readonly T[] | null | undefined) => (list?.length ? [...list] : null);
  return {
    from,
    to,
    flowKind: nonEmpty(filter?.flowKind),
    bondKind: nonEmpty(filter?.bondKind),
    bondStatus: nonEmpty(filter?.bondStatus),
    countyCode: filter?.county ? await resolveCountyCode(ctx, filter.county, "filter.county") : null,
    issuerUscc: filter?.issuerUscc ?? null,
    ownerAgency: filter?.ownerAgency ?? null,
    includeRetired: filter?.includeRetired ?? false,
    scopeCounty: scopedCounty(ctx),
  };
}

export function dueItemsWhere(ctx: GraphContext, w: DueWindow): Prisma.BondScheduleItemWhereInput {
  const issuer: Prisma.EnterpriseWhereInput = {
    ...(w.countyCode ? { countyCode: w.countyCode } : {}),
    ...(w.issuerUscc ? { uscc: w.issuerUscc } : {}),
  };
  const bond: Prisma.BondWhereInput = {
    ...(w.includeRetired ? {} : { retiredAt: null }),
    ...(w.bondKind ? { kind: { in: w.bondKind } } : {}),
    ...(w.bondStatus ? { status: { in: w.bondStatus } } : {}),
    ...(w.ownerAgency ? { ownerAgency: w.ownerAgency } : {}),
    ...(Object.keys(issuer).length ? { issuer } : {}),
  };
  return scoped(ctx, "BondScheduleItem", {
    dueDate: { gte: w.from, lte: w.to },
    ...(w.flowKind ? { kind: { in: w.flowKind } } : {}),
    ...(Object.keys(bond).length ? { bond } : {}),
  });
}

/** The same conditions as SQL over `bond_schedule_item s JOIN bond b JOIN enterprise e`, every value bound. */
export function dueItemsSql(w: DueWindow): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`s.due_date BETWEEN ${w.from}::date AND ${w.to}::date`];
  if (!w.includeRetired) conditions.push(Prisma.sql`b.retired_at IS NULL`);
  if (w.flowKind) conditions.push(Prisma.sql`s.kind::text = ANY(${w.flowKind}::text[])`);
  if (w.bondKind) conditions.push(Prisma.sql`b.kind::text = ANY(${w.bondKind}::text[])`);
  if (w.bondStatus) conditions.push(Prisma.sql`b.status::text = ANY(${w.bondStatus}::text[])`);
  if (w.ownerAgency) conditions.push(Prisma.sql`b.owner_agency::text = ${w.ownerAgency}`);
  if (w.countyCode) conditions.push(Prisma.sql`e.county_code = ${w.countyCode}`);
  if (w.issuerUscc) conditions.push(Prisma.sql`e.uscc = ${w.issuerUscc}`);
  if (w.scopeCounty) conditions.push(Prisma.sql`e.county_code = ${w.scopeCounty}`);
  return Prisma.join(conditions, " AND ");
}
