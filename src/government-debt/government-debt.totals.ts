// governmentDebtTotals: counts and sums of debt items by class and/or county, computed in SQL.
// The database always groups by class as well, so each group's direct and contingent balances are
// summed there too; folding those (at most four) class sums into a group is the only arithmetic
// done here, exactly, in decimals.
import { builder } from "../builder.ts";
import { Prisma, type GovernmentDebtClass } from "../generated/prisma/client.ts";
import { scoped } from "../access/row-scope.ts";
import { suppressSmallGroups } from "../access/min-group.ts";
import { GovernmentDebtFilter, governmentDebtWhere } from "./government-debt.filters.ts";
import { GovernmentDebtClassEnum, isContingentClass } from "./government-debt.enums.ts";

const GovernmentDebtGroupKey = builder.enumType("GovernmentDebtGroupKey", {
  description: "What government debt totals can be grouped by.",
  values: { CLASS: { description: "Debt class (债务类别)." }, COUNTY: { description: "Government level: the city or a county (政府层级)." } } as const,
});

interface DebtTotal {
  debtClass: GovernmentDebtClass | null;
  countyCode: string | null;
  count: number;
  principal: Prisma.Decimal;
  balance: Prisma.Decimal;
  directBalance: Prisma.Decimal;
  contingentBalance: Prisma.Decimal;
}

const GovernmentDebtTotalType = builder.objectRef<DebtTotal>("GovernmentDebtTotal").implement({
  description: "Totals of the government debt items in one group (债务汇总). Amounts in yuan.",
  fields: (t) => ({
    debtClass: t.expose("debtClass", { type: GovernmentDebtClassEnum, nullable: true, description: "The group's class, when grouped by class." }),
    countyCode: t.exposeString("countyCode", { nullable: true, description: "The group's government level (division code), when grouped by county." }),
    count: t.exposeInt("count", { description: "Number of debt items." }),
    principal: t.expose("principal", { type: "Decimal", description: "Sum of principal (本金合计)." }),
    balance: t.expose("balance", { type: "Decimal", description: "Sum of outstanding balances (余额合计)." }),
    directBalance: t.expose("directBalance", { type: "Decimal", description: "Balance of direct debt: general and special (政府负有偿还责任的债务)." }),
    contingentBalance: t.expose("contingentBalance", { type: "Decimal", description: "Balance of contingent debt: guaranteed or possibly rescued (或有债务)." }),
  }),
});

interface ClassGroup {
  debtClass: GovernmentDebtClass;
  countyCode?: string;
  _count: { _all: number };
  _sum: { principal: Prisma.Decimal | null; balance: Prisma.Decimal | null };
}

const ZERO = new Prisma.Decimal(0);

builder.queryFields((t) => ({
  governmentDebtTotals: t.field({
    type: [GovernmentDebtTotalType],
    description: "Government debt totals grouped by class and/or county (an empty groupBy gives one grand total), over the filtered items; computed in SQL.",
    args: {
      groupBy: t.arg({ type: [GovernmentDebtGroupKey], required: true, description: "Zero or more grouping keys." }),
      filter: t.arg({ type: GovernmentDebtFilter, description: "Conditions the items must all meet; none lists all (unretired) items." }),
    },
    resolve: async (_root, args, ctx, info) => {
      const byCounty = args.groupBy.includes("COUNTY");
      const byClass = args.groupBy.includes("CLASS");
      // Prisma's groupBy types need literal keys; the keys here are fixed by the enum above.
      const groupBy = ctx.prisma.governmentDebt.groupBy as unknown as (args: object) => Promise<ClassGroup[]>;
      const rows = await groupBy({
        by: byCounty ? ["countyCode", "debtClass"] : ["debtClass"],
        where: scoped(ctx, "GovernmentDebt", await governmentDebtWhere(args.filter, ctx)),
        _count: { _all: true },
        _sum: { principal: true, balance: true },
        orderBy: byCounty ? [{ countyCode: "asc" }, { debtClass: "asc" }] : [{ debtClass: "asc" }],
      });
      const totals = new Map<string, DebtTotal>();
      for (const r of rows) {
        const key = `${byCounty ? r.countyCode : ""}|${byClass ? r.debtClass : ""}`;
        const total = totals.get(key) ?? { debtClass: byClass ? r.debtClass : null, countyCode: byCounty ? r.countyCode! : null, count: 0, principal: ZERO, balance: ZERO, directBalance: ZERO, contingentBalance: ZERO };
        const balance = r._sum.balance ?? ZERO;
        total.count += r._count._all;
        total.principal = total.principal.add(r._sum.principal ?? ZERO);
        total.balance = total.balance.add(balance);
        if (isContingentClass(r.debtClass)) total.contingentBalance = total.contingentBalance.add(balance);
        else total.directBalance = total.directBalance.add(balance);
        totals.set(key, total);
      }
      const groups = !args.groupBy.length && totals.size === 0 ? [{ debtClass: null, countyCode: null, count: 0, principal: ZERO, balance: ZERO, directBalance: ZERO, contingentBalance: ZERO }] : [...totals.values()];
      // Under a grant, a group of fewer debt items than the minimum is left out (access/min-group.ts).
      return suppressSmallGroups(ctx, info, "government.debt", groups, (g) => g.count);
    },
  }),
}));
