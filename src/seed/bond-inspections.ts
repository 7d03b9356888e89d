// Periodic inspections (定期稽察) of the exchange bonds DEVELOPMENT_REFORM supervises, with the
// findings the plan names: proceeds used against their stated purpose, undisclosed restructuring.
import type { InspectionFindingKind } from "../generated/prisma/client.ts";
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { AS_OF, addDays, addMonths, beijing, dateBetween, maxDate, notAfterSnapshot, yearOf, day } from "./calendar.ts";
import { DocumentCounter } from "./ids.ts";
import { scaled } from "./numbers.ts";
import { provenance } from "./provenance.ts";

const INSPECTORS = ["市发展改革局财金科", "市发展改革局稽察组", "市发展改革局会同市财政局联合检查组", "广东省发展改革委委托第三方会计师事务所"];

const FINDINGS: Record<InspectionFindingKind, readonly ((rng: Random) => string)[]> = {
  PROCEEDS_MISUSE: [
    (r) => `擅自改变募集资金用途，将${r.int(2, 30) * 100}万元募集资金用于偿还关联方借款`,
    (r) => `募集资金${r.int(5, 60) * 100}万元未按募集说明书约定投向项目建设，被挪作日常经营周转`,
    () => "募集资金专户管理不规范，存在与自有资金混用情形",
  ],
  UNDISCLOSED_RESTRUCTURING: [
    () => "发行人进行重大资产重组，未按规定及时披露并召开持有人会议",
    (r) => `发行人无偿划出子公司股权（账面价值约${r.int(1, 9)}亿元），未履行信息披露义务`,
  ],
  LATE_DISCLOSURE: [
    () => "年度报告披露晚于规定期限",
    () => "募投项目建设进度严重滞后，未及时披露",
    () => "涉及重大诉讼事项未及时披露",
  ],
  REPAYMENT_SAFEGUARD: [
    () => "偿债资金专户未按约定提前归集偿债资金",
    () => "担保人代偿能力明显下降，未落实追加担保等偿债保障措施",
  ],
  OTHER: [() => "募投项目未取得全部审批手续即开工建设", () => "债权代理人未按约定履行监督职责"],
};

const FINDING_KINDS = Object.keys(FINDINGS) as InspectionFindingKind[];

export function generateBondInspections(
  rng: Random,
  scale: number,
  bonds: DemoData["bond"],
): { bondInspection: DemoData["bondInspection"]; bondInspectionFinding: DemoData["bondInspectionFinding"] } {
  const eligible = bonds.filter(
    (b) =>
      b.ownerAgency === "DEVELOPMENT_REFORM" &&
      b.issueDate.getTime() < addMonths(AS_OF, -6).getTime(),
  );
  const inspections: DemoData["bondInspection"] = [];
  const findings: DemoData["bondInspectionFinding"] = [];
  if (eligible.length === 0) return { bondInspection: inspections, bondInspectionFinding: findings };
  const numbers = new DocumentCounter(rng);

  const drafts = Array.from({ length: scaled(40, scale, 4) }, () => {
    const bond = rng.pick(eligible);
    const from = maxDate(addMonths(bond.issueDate, 6), day(2016, 1, 1));
    const until = bond.maturityDate;
    const last = until.getTime() < AS_OF.getTime() ? until : addDays(AS_OF, -10);
    return { bond, inspectedOn: dateBetween(rng, from, maxDate(from, last)) };
  });
  drafts.sort((a, b) => a.inspectedOn.getTime() - b.inspectedOn.getTime() || a.bond.id - b.bond.id);

  for (const { bond, inspectedOn } of drafts) {
    const id = inspections.length + 1;
    const troubled = bond.status === "DEFAULTED";
    const count = troubled ? rng.int(1, 3) : rng.choose([[0, 40], [1, 35], [2, 18], [3, 7]] as const);
    const kinds = troubled ? ["REPAYMENT_SAFEGUARD" as const, ...rng.sample(FINDING_KINDS.filter((k) => k !== "REPAYMENT_SAFEGUARD"), count - 1)] : rng.sample(FINDING_KINDS, count);
    const year = yearOf(inspectedOn);
    inspections.push({
      id,
      inspectionNo: `阳发改财金稽〔${year}〕${numbers.next("inspection", year, 3)}号`,
      bondId: bond.id,
      inspectedOn,
      inspector: rng.pick(INSPECTORS),
      conclusion:
        kinds.length === 0
          ? "募集资金使用、信息披露及偿债保障措施总体符合规定，未发现重大问题。"
          : `发现问题${kinds.length}项，已责令发行人在30个工作日内整改并报送整改报告，整改情况纳入企业信用记录。`,
      retiredAt: null,
      ...provenance("DEVELOPMENT_REFORM", notAfterSnapshot(beijing(addDays(inspectedOn, 7), 16))),
    });
    for (const kind of kinds) {
      findings.push({ id: findings.length + 1, inspectionId: id, kind, description: rng.pick(FINDINGS[kind])(rng) });
    }
  }
  return { bondInspection: inspections, bondInspectionFinding: findings };
}
