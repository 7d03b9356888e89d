// NPL disposals (plan 二(四)2): each quarter of the plan, banks with non-performing loans write
// some off, collect or restructure some (naming the borrower) and, now and then, sell a pool to an
// asset-management company; the national banks that ran NPL securitisation in 2016–2018 also
// securitise (from the 2016 pilot on). Amounts are a small share of the bank's non-performing balance in the loan book.
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { AS_OF, PLAN_QUARTERS, addDays } from "./calendar.ts";
import { pad, roundYuan } from "./numbers.ts";
import { provenance } from "./provenance.ts";
import { isNonPerforming } from "./derived.ts";
import { notAfterSnapshot } from "./calendar.ts";

const AMCS = ["中国华融资产管理股份有限公司广东省分公司", "中国长城资产管理股份有限公司广东省分公司", "中国东方资产管理股份有限公司广东省分公司", "广东粤财资产管理有限公司"];
/** Banks whose head offices issued NPL-backed securities in the 2016 pilot and after. */
const SECURITISERS: Record<string, string> = { ICBC: "工元", ABC: "农盈", BOC: "中誉", CCB: "建鑫", BOCOM: "交诚", CMB: "和萃" };

export function generateNplDisposals(rng: Random, data: Pick<DemoData, "loan" | "institution">): DemoData["nplDisposal"] {
  const byBank = new Map<number, { balance: number; borrowers: number[] }>();
  for (const l of data.loan) {
    if (!isNonPerforming(l.classification) || l.retiredAt) continue;
    const entry = byBank.get(l.lenderId) ?? { balance: 0, borrowers: [] };
    entry.balance += Number(l.balance);
    entry.borrowers.push(l.borrowerId);
    byBank.set(l.lenderId, entry);
  }
  const quarters = PLAN_QUARTERS.filter((q) => q.getTime() <= AS_OF.getTime());
  const rows: DemoData["nplDisposal"] = [];
  for (const bank of data.institution) {
    const book = byBank.get(bank.id);
    if (!book || book.balance === 0) continue;
    const abbr = bank.code.slice(1, 5);
    const securitiser = Object.entries(SECURITISERS).find(([name]) => bank.name.includes(bankName(name)));
    for (const quarter of quarters) {
      const methods: ("WRITE_OFF" | "COLLECTION" | "RESTRUCTURING" | "BATCH_TRANSFER" | "SECURITISATION")[] = ["WRITE_OFF", "COLLECTION"];
      if (rng.chance(0.3)) methods.push("RESTRUCTURING");
      if (rng.chance(0.15)) methods.push("BATCH_TRANSFER");
      if (securitiser && quarter.getTime() >= Date.UTC(2016, 5, 30) && rng.chance(0.12)) methods.push("SECURITISATION");
      for (const method of methods) {
        const share = method === "BATCH_TRANSFER" || method === "SECURITISATION" ? rng.real(0.05, 0.12) : rng.real(0.005, 0.03);
        const pooled = method === "BATCH_TRANSFER" || method === "SECURITISATION";
        const n = rows.length + 1;
        rows.push({
          id: n,
          disposalNo: `NPL-${abbr}-${quarter.toISOString().slice(0, 7).replace("-", "")}-${pad(n, 5)}`,
          bankId: bank.id,
          periodEnd: quarter,
          method,
          amount: roundYuan(book.balance * share, 1e4),
          borrowerId: pooled ? null : rng.pick(book.borrowers),
          counterparty: method === "BATCH_TRANSFER" ? rng.pick(AMCS) : method === "SECURITISATION" ? `${securitiser![1]}${quarter.getUTCFullYear()}年第${rng.int(1, 3)}期不良资产支持证券` : null,
          ...provenance("CBRC", notAfterSnapshot(addDays(quarter, rng.int(10, 20)))),
          retiredAt: null,
        });
      }
    }
  }
  return rows;
}

const BANK_NAMES: Record<string, string> = { ICBC: "工商银行", ABC: "农业银行", BOC: "中国银行", CCB: "建设银行", BOCOM: "交通银行", CMB: "招商银行" };
const bankName = (abbr: string): string => BANK_NAMES[abbr]!;
