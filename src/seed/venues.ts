// Trading venues (交易场所) the finance bureau supervises, its inspections, the violations found
// and the rectification orders that followed: some completed, some still open or overdue at AS_OF.
import type { RectificationStatus, VenueKind, VenueStatus, ViolationKind } from "../generated/prisma/client.ts";
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { AS_OF, addDays, beijing, dateBetween, day, minDate, notAfterSnapshot, yearOf } from "./calendar.ts";
import { type CodeRegistry, DocumentCounter, makeUscc } from "./ids.ts";
import { pad } from "./numbers.ts";
import { JIANGCHENG, YANGCHUN, YANGDONG, YANGXI } from "./places.ts";
import { provenance } from "./provenance.ts";

const VENUES: readonly { name: string; kind: VenueKind; county: string; approved: Date; status: VenueStatus }[] = [
  { name: "广东阳江股权交易中心有限公司", kind: "EQUITY_EXCHANGE", county: JIANGCHENG, approved: day(2014, 11, 18), status: "OPERATING" },
  { name: "阳江市金融资产交易中心有限公司", kind: "FINANCIAL_ASSET_EXCHANGE", county: JIANGCHENG, approved: day(2016, 4, 26), status: "SUSPENDED" },
  { name: "阳江产权交易所有限公司", kind: "PROPERTY_RIGHTS_EXCHANGE", county: JIANGCHENG, approved: day(2011, 8, 9), status: "OPERATING" },
  { name: "阳江市农村产权交易中心有限公司", kind: "PROPERTY_RIGHTS_EXCHANGE", county: YANGCHUN, approved: day(2015, 9, 14), status: "OPERATING" },
  { name: "阳江五金刀剪大宗商品交易中心有限公司", kind: "BULK_COMMODITY_MARKET", county: YANGDONG, approved: day(2015, 3, 2), status: "OPERATING" },
  { name: "阳西水产品大宗商品交易市场有限公司", kind: "BULK_COMMODITY_MARKET", county: YANGXI, approved: day(2017, 6, 20), status: "CLOSED" },
];

const INSPECTORS = ["市金融局地方金融监管科", "市金融局会同市市场监管局联合检查组", "广东省地方金融监管局专项检查组", "市金融局委托第三方审计机构"];

const VIOLATIONS: Record<ViolationKind, readonly string[]> = {
  ILLEGAL_FINANCIAL_BUSINESS: ["违规发行销售类理财产品，向不特定对象募集资金", "为融资主体提供增信和资金池服务，违规开展金融业务", "违规开展保理资产拆分转让业务"],
  SPLIT_OR_POOLED_TRADING: ["将权益拆分为均等份额公开发行，变相突破200人限制", "采取集中交易方式进行标准化合约交易"],
  DISCLOSURE: ["挂牌项目信息披露不完整，未充分揭示风险", "未按规定报送年度经营报告"],
  INVESTOR_SUITABILITY: ["未落实投资者适当性管理，向风险承受能力不匹配的个人销售产品", "投资者准入门槛低于监管要求"],
  OTHER: ["会员管理制度不健全", "交易系统未通过安全评估即上线运行"],
};

export function generateVenues(
  rng: Random,
  codes: CodeRegistry,
): Pick<DemoData, "tradingVenue" | "venueInspection" | "venueViolation" | "rectificationOrder"> {
  const tradingVenue: DemoData["tradingVenue"] = VENUES.map((v, i) => ({
    id: i + 1,
    code: `JYCS4417${pad(i + 1, 3)}`,
    name: v.name,
    kind: v.kind,
    countyCode: v.county,
    uscc: makeUscc(rng, v.county, v.approved, codes.uscc),
    approvedOn: v.approved,
    status: v.status,
    retiredAt: null,
    ...provenance("FINANCE_BUREAU", beijing(addDays(v.approved, 5), 10)),
  }));

  const numbers = new DocumentCounter(rng);
  const drafts = Array.from({ length: 20 }, (_, i) => {
    // every venue at least twice; the suspended and closed ones most often
    const venue = i < 12 ? VENUES[i % VENUES.length]! : rng.weighted(VENUES, VENUES.map((v) => (v.status === "OPERATING" ? 1 : 2.5)));
    const venueId = VENUES.indexOf(venue) + 1;
    return { venue, venueId, inspectedOn: dateBetween(rng, day(2016, 3, 1), addDays(AS_OF, -8)) };
  });
  drafts.sort((a, b) => a.inspectedOn.getTime() - b.inspectedOn.getTime() || a.venueId - b.venueId);

  const venueInspection: DemoData["venueInspection"] = [];
  const venueViolation: DemoData["venueViolation"] = [];
  const rectificationOrder: DemoData["rectificationOrder"] = [];
  for (const { venue, venueId, inspectedOn } of drafts) {
    const id = venueInspection.length + 1;
    const year = yearOf(inspectedOn);
    const troubled = venue.status !== "OPERATING";
    const count = troubled ? rng.int(1, 3) : rng.choose([[0, 45], [1, 40], [2, 15]] as const);
    const kinds = rng.sample(
      (Object.keys(VIOLATIONS) as ViolationKind[]).filter((k) => troubled || k !== "ILLEGAL_FINANCIAL_BUSINESS" || rng.chance(0.3)),
      count,
    );
    if (troubled && !kinds.includes("ILLEGAL_FINANCIAL_BUSINESS")) kinds[0] = "ILLEGAL_FINANCIAL_BUSINESS";
    venueInspection.push({
      id,
      inspectionNo: `阳金监检〔${year}〕${numbers.next("inspection", year, 3)}号`,
      venueId,
      inspectedOn,
      inspector: rng.pick(INSPECTORS),
      findings: kinds.length === 0 ? "现场检查未发现违规问题，业务开展总体规范。" : `发现违规问题${kinds.length}项：${kinds.map((k) => rng.pick(VIOLATIONS[k])).join("；")}。`,
      ...provenance("FINANCE_BUREAU", notAfterSnapshot(beijing(addDays(inspectedOn, 3), 16))),
    });
    for (const kind of kinds) {
      const violationId = venueViolation.length + 1;
      venueViolation.push({ id: violationId, inspectionId: id, kind, description: rng.pick(VIOLATIONS[kind]) });
      const issuedOn = minDate(addDays(inspectedOn, rng.int(5, 15)), AS_OF);
      const deadline = addDays(issuedOn, rng.pick([30, 45, 60, 90]));
      let status: RectificationStatus;
      let completedOn: Date | null = null;
      if (deadline.getTime() < AS_OF.getTime()) {
        // past the deadline: done (sometimes late), or overdue
        if (rng.chance(troubled ? 0.5 : 0.85)) {
          status = "COMPLETED";
          completedOn = addDays(deadline, -rng.int(-10, 25));
          if (completedOn.getTime() > AS_OF.getTime()) completedOn = AS_OF;
        } else status = "OVERDUE";
      } else {
        status = rng.choose([["OPEN", 2], ["IN_PROGRESS", 3], ["COMPLETED", 1]] as const);
        if (status === "COMPLETED") completedOn = dateBetween(rng, issuedOn, AS_OF);
      }
      const year2 = yearOf(issuedOn);
      const changedOn = completedOn ?? (status === "OVERDUE" ? addDays(deadline, 1) : issuedOn);
      rectificationOrder.push({
        id: rectificationOrder.length + 1,
        orderNo: `阳金整改〔${year2}〕${numbers.next("order", year2, 2)}号`,
        violationId,
        issuedOn,
        deadline,
        status,
        completedOn,
        ...provenance("FINANCE_BUREAU", notAfterSnapshot(beijing(issuedOn, 10))),
        updatedAt: notAfterSnapshot(beijing(changedOn, 17)),
      });
    }
  }
  return { tradingVenue, venueInspection, venueViolation, rectificationOrder };
}
