// Trust and private asset-management products with repayment problems (plan 二(四)1): a handful,
// each lent on to a local enterprise that also has non-performing bank loans, or to none known.
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { AS_OF, PLAN_QUARTERS, addMonths, dateBetween, minDate, notAfterSnapshot, addDays } from "./calendar.ts";
import { pad, roundYuan, scaled } from "./numbers.ts";
import { provenance } from "./provenance.ts";
import { nonPerformingBorrowers } from "./derived.ts";

const MANAGERS = ["华润深国投信托有限公司", "粤财信托有限公司", "中航信托股份有限公司", "广东粤科资产管理有限公司", "长安国际信托股份有限公司", "广州金控资产管理有限公司"];
const PRODUCT_WORDS = ["稳盈", "鑫享", "恒利", "汇金", "安泰", "聚源"];
const PROGRESS = [
  "已成立“一项目一对策”工作组，与融资方协商以抵押物处置款偿付",
  "融资方以应收账款回款分期兑付，已兑付部分本金",
  "已向法院申请强制执行抵押物",
  "引入第三方受让收益权，兑付方案已报监管部门",
];

/** The plan period the records fall in: from a quarter before the plan's first quarter to its last (or AS_OF). */
export const planPeriod = () => ({ from: addMonths(PLAN_QUARTERS[0]!, -3), to: minDate(AS_OF, PLAN_QUARTERS.at(-1)!) });

export function generateTrustProducts(rng: Random, scale: number, data: Pick<DemoData, "enterprise" | "loan">): DemoData["trustProduct"] {
  const borrowers = nonPerformingBorrowers(data);
  const { from, to } = planPeriod();
  const count = scaled(12, scale, 6);
  return Array.from({ length: count }, (_, i) => {
    const kind = i % 3 === 2 ? ("PRIVATE_ASSET_MANAGEMENT" as const) : ("TRUST_PLAN" as const);
    const manager = kind === "TRUST_PLAN" ? rng.pick(MANAGERS.slice(0, 3).concat(MANAGERS[4]!)) : rng.pick([MANAGERS[3]!, MANAGERS[5]!]);
    const amount = rng.logNormal(8e7, 0.6, 2e7, 5e8);
    const dueDate = dateBetween(rng, from, addDays(to, -30));
    const status = rng.choose([["OVERDUE", 3], ["EXTENDED", 2], ["IN_DISPOSAL", 3], ["RESOLVED", 2]] as const);
    const overdueShare = status === "RESOLVED" ? 0 : rng.real(0.2, 1);
    const borrower = borrowers.length && rng.chance(0.8) ? rng.pick(borrowers) : null;
    const amountYuan = roundYuan(amount, 1e6);
    return {
      id: i + 1,
      productCode: `TP${dueDate.getUTCFullYear()}-${pad(i + 1, 4)}`,
      name: `${manager.slice(0, 4)}·${rng.pick(PRODUCT_WORDS)}${pad(i + 1, 2)}号${kind === "TRUST_PLAN" ? "集合资金信托计划" : "专项资产管理计划"}`,
      kind,
      manager,
      amount: amountYuan,
      dueDate,
      amountOverdue: overdueShare === 0 ? "0.00" : roundYuan(Number(amountYuan) * overdueShare, 1e4),
      status,
      borrowerId: borrower,
      disposalProgress: status === "OVERDUE" ? null : rng.pick(PROGRESS),
      ...provenance("CBRC", notAfterSnapshot(addDays(dueDate, rng.int(3, 25)))),
      retiredAt: null,
    };
  });
}
