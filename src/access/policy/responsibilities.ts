// The seed's responsibility lists as data: every numbered clause of the plan (阳江市供给侧结构性改革
// 去杠杆行动计划实施方案), the units its brackets name (责任单位), mapped to the platform's principals,
// and the policy resources the clause needs. docs/responsibilities.md is generated from it
// (`npm run policy:doc`), and test/responsibilities.test.ts checks it against the seed's text and
// the policy: every named unit has a path (R, M, C, or its own county's rows) to each resource of
// its clause.
//
// Reading rules:
// - A clause is a data clause when acting on it needs records (monitoring, lists, indicators,
//   cases); 三(一) (organisation) and 三(三) (publicity) are not: 35 of the 37 numbered clauses are.
// - The targets of 一(二) name no units; 三(二) and 三(四) name them in their text, not in brackets.
// - Resources listed in AWAITING are planned by a parallel change and not in the matrix yet
//   (issue 9's, helper 9b, have landed: none is awaited); gaps are data the clause asks for that
//   no resource holds.
import type { Column } from "./matrix.ts";

/** The bracket names of the seed, as principals (an empty list: the unit has no principal on the platform). */
export const UNIT_COLUMNS: Record<string, readonly Column[]> = {
  人行阳江市中心支行: ["PBOC"],
  阳江银监分局: ["CBRC"],
  市金融局: ["FINANCE_BUREAU"],
  市商务局: ["COMMERCE"],
  市保险行业协会: ["INSURANCE_ASSOC"],
  市财政局: ["FISCAL"],
  "市财政局（国资委）": ["FISCAL"],
  市发展改革局: ["DEVELOPMENT_REFORM"],
  市经济和信息化局: ["INDUSTRY_IT"],
  市公安局: ["PUBLIC_SECURITY"],
  市工商局: ["MARKET_REGULATION"],
  "各县（市、区）政府": ["COUNTY"],
  "各相关县（市、区）政府": ["COUNTY"],
  // The leading group on illegal fundraising (国发〔2015〕59号): the finance bureau hosts its office;
  // public security, the two financial regulators and market regulation (advertising checks) sit on it.
  市处置非法集资领导小组各成员单位: ["FINANCE_BUREAU", "PUBLIC_SECURITY", "PBOC", "CBRC", "MARKET_REGULATION"],
  // Not principals of the platform (no key, no column): named, but served outside it.
  市农业局: [],
  市科技局: [],
};

/** Resources the clauses need that a parallel change (issue 9, helper 9b) is adding; not in MATRIX yet. */
export const AWAITING: readonly string[] = [];

export interface Clause {
  /** as the seed numbers it: part, section, item */
  id: string;
  /** the clause's heading in the seed */
  title: string;
  /** a verbatim excerpt of its text (whitespace removed), the data it asks for */
  excerpt: string;
  /** the bracket at the clause's end, verbatim; null when it has none */
  bracket: string | null;
  /** units named in the text when there is no bracket */
  namedInText?: readonly string[];
  data: boolean;
  /** policy resources the clause needs (MATRIX names, or AWAITING ones) */
  resources: readonly string[];
  /** what the clause asks for that no resource holds */
  gaps?: readonly string[];
}

const ALL_AGENCIES = ["市金融局", "人行阳江市中心支行", "阳江银监分局", "市发展改革局", "市财政局", "市保险行业协会", "市商务局", "市经济和信息化局", "市公安局", "市工商局", "各县（市、区）政府"];
const INDICATORS = ["institutions.bankIndicators", "institutions.localOrgIndicators", "institutions.marketIndicators"];

export const CLAUSES: readonly Clause[] = [
  { id: "一(二)1", title: "确保金融机构杠杆率控制在合理水平", excerpt: "到2016年底，地方法人银行机构杠杆率达到银监会规定的4%的监管最低要求", bracket: null, data: true,
    resources: [...INDICATORS, "institutions.watchLines"] },
  { id: "一(二)2", title: "确保金融业务主要风险指标达到监管要求", excerpt: "加强期限配比管理，确保金融业务主要风险指标达到监管要求", bracket: null, data: true,
    resources: ["institutions.bankIndicators", "institutions.marketIndicators"] },
  { id: "一(二)3", title: "确保金融行业安全平稳运行", excerpt: "到2018年底，全市银行机构不良贷款占比保持低于全国平均水平，个别机构流动性风险问题得到妥善解决", bracket: null, data: true,
    resources: ["institutions.bankIndicators", "institutions.watchLines", "debt.loans"] },
  { id: "一(二)4", title: "确保金融有效服务实体经济和创新驱动发展", excerpt: "力争全市上市企业达到2家，新三板挂牌企业达到5家，区域股权交易中心挂牌企业达到15家。直接融资占全部融资金额的比重达到省的要求", bracket: null, data: true,
    resources: ["enterprise.registration", "progress.reports", "bonds.repayment", "debt.loans"], gaps: ["股权融资金额（直接融资占比的一部分）未记录"] },

  { id: "二(一)1", title: "落实国家、省去杠杆工作部署", excerpt: "明确我市去杠杆的重点领域和行业", bracket: "（人行阳江市中心支行、阳江银监分局、市金融局、市商务局、市保险行业协会）", data: true,
    resources: ["debt.loans", "enterprise.registration"] },
  { id: "二(一)2", title: "开展去杠杆风险排查", excerpt: "对银行业机构贷款前十大企业和前十大信贷风险企业进行按月监测分析，对区域重点授信行业进行按季监测，指导银行业机构按照“一企一策”原则制订去杠杆措施",
    bracket: "〔人行阳江市中心支行、阳江银监分局、市金融局、市商务局、市保险行业协会，各县（市、区）政府〕", data: true,
    resources: ["debt.monitoring", "debt.loans"] },
  { id: "二(一)3", title: "推动金融机构去杠杆", excerpt: "督促金融机构加大资本补充力度，通过增加自有资本降低杠杆", bracket: "（人行阳江市中心支行、阳江银监分局、市金融局、市保险行业协会）", data: true,
    resources: ["institutions.bankIndicators", "institutions.marketIndicators"] },
  { id: "二(一)4", title: "促进金融产品去杠杆", excerpt: "重点关注资产负债率超过70%、短贷长用、民间借贷额高、关联企业互保的企业", bracket: "（人行阳江市中心支行、阳江银监分局、市保险行业协会）", data: true,
    resources: ["enterprise.statements", "debt.guarantees", "debt.loans", "institutions.marketIndicators"] },

  { id: "二(二)1", title: "加强监测预警", excerpt: "建立去杠杆监测和信息通报机制", bracket: "〔市金融局、人行阳江市中心支行、阳江银监分局、市保险行业协会，各县（市、区）政府〕", data: true,
    resources: [...INDICATORS, "institutions.watchLines", "alerts.rules", "alerts.alerts"] },
  { id: "二(二)2", title: "落实部门工作职责", excerpt: "通过监督检查、风险排查、投诉举报等多种途径，及时发现问题", bracket: "〔人行阳江市中心支行、阳江银监分局、市金融局、市保险行业协会，各县（市、区）政府〕", data: true,
    resources: ["supervision.complaints", "supervision.complainant"] },
  { id: "二(二)3", title: "及时应急处置", excerpt: "研究制定金融诈骗、非法集资等金融风险重点问题监测预警制度", bracket: "〔市金融局、人行阳江市中心支行、阳江银监分局、市保险行业协会，各县（市、区）政府〕", data: true,
    resources: ["fundraising.clues", "alerts.alerts"] },

  { id: "二(三)1", title: "强化银行机构风险管理", excerpt: "盯防大客户、过度授信、多头授信和关联授信风险", bracket: "〔阳江银监分局，各相关县（市、区）政府〕", data: true,
    resources: ["debt.loans", "debt.monitoring", "institutions.bankIndicators"], gaps: ["房地产信贷压力测试、理财资金投资“非标准化债权资产”未建模"] },
  { id: "二(三)2", title: "落实证券、期货风险管控措施", excerpt: "清理参与配资的资产管理产品，强化资产管理业务监管", bracket: "（市金融局、人行阳江市中心支行、阳江银监分局）", data: true,
    resources: ["institutions.marketIndicators"], gaps: ["信息系统外部接入、配资资管产品的子账户与分账户未建模"] },
  { id: "二(三)3", title: "加强保险公司资产配置审慎性监管", excerpt: "保险机构将保险资金用于股票等高风险投资，对资产收益率、现金流和偿付能力造成影响的，要及时进行压力测试和风险评估", bracket: "（市保险行业协会）", data: true,
    resources: ["institutions.marketIndicators"], gaps: ["保险资金资产配置（股票等高风险投资占比）未建模，只有偿付能力指标"] },
  { id: "二(三)4", title: "控制地方政府债务及企业、公司债券风险", excerpt: "建立企业、公司债券定期稽察制度，重点查处擅自改变募集资金用途、重大资产重组未及时披露等违规行为", bracket: "〔市财政局、市发展改革局，各县（市、区）政府〕", data: true,
    resources: ["government.debt", "bonds.repayment", "bonds.inspections"] },
  { id: "二(三)5", title: "加强各类交易场所及相关机构监管", excerpt: "加强小额贷款公司、融资担保公司、融资租赁公司等机构的监管，严控杠杆率过度增长", bracket: "〔市金融局、市商务局，各县（市、区）政府〕", data: true,
    resources: ["venues.supervision", "institutions.localOrgIndicators", "institutions.registry"] },

  { id: "二(四)1", title: "有序打破刚性兑付预期", excerpt: "妥善处置涉及我市的各类信托产品、私募资产管理产品等出现的兑付问题", bracket: "（阳江银监分局、人行阳江市中心支行、市保险行业协会）", data: true,
    resources: ["debt.trustProducts"] },
  { id: "二(四)2", title: "加快不良贷款处置", excerpt: "对有逃废债务行为的企业实际控制人依法采取联合惩戒措施",
    bracket: "〔阳江银监分局、人行阳江市中心支行、市发展改革局、市经济和信息化局、市公安局、市工商局，各县（市、区）政府〕", data: true,
    resources: ["debt.nplDisposals", "credit.dishonesty", "person.actualController", "feedback.punishment"] },
  { id: "二(四)3", title: "盘活“僵尸企业”金融资产", excerpt: "建立“僵尸企业”产权、股权交易信息发布平台，加强信息共享", bracket: "〔市经济和信息化局、市发展改革局、市财政局（国资委）、阳江银监分局，各县（市、区）政府〕", data: true,
    resources: ["enterprise.registration", "debt.loans", "enterprise.zombieAssets"] },
  { id: "二(四)4", title: "完善贷款风险分担和补偿机制", excerpt: "2016年选择阳东区开展“政银保”合作农业贷款试点", bracket: "〔市金融局、市农业局、阳江银监分局、市保险行业协会，各县（市、区）政府〕", data: true,
    resources: ["debt.pilotLoans"] },
  { id: "二(四)5", title: "加快社会信用体系建设", excerpt: "实现信用信息的互联互通、共建共享", bracket: "〔市发展改革局、市金融局、人行阳江市中心支行，各县（市、区）政府〕", data: true,
    resources: ["credit.dishonesty", "credit.evaluations", "feedback.disputes", "feedback.notices"] },

  { id: "二(五)1", title: "完善工作机制", excerpt: "加快建立监测预警、举报奖励、责任追究、“正面清单”等制度", bracket: "〔市处置非法集资领导小组各成员单位，各县（市、区）政府〕", data: true,
    resources: ["fundraising.clues"] },
  { id: "二(五)2", title: "加大打击和善后处置力度", excerpt: "积极稳妥处置已发案件，确保总体风险不断减少", bracket: "〔市处置非法集资领导小组各成员单位，各县（市、区）政府〕", data: true,
    resources: ["fundraising.clues"] },
  { id: "二(五)3", title: "做好教育防范工作", excerpt: "加强广告监测和检查，强化媒体自律责任，封堵涉嫌非法集资的资讯信息", bracket: "〔市处置非法集资领导小组各成员单位，各县（市、区）政府〕", data: true,
    resources: ["fundraising.clues"] },

  { id: "二(六)1", title: "支持企业利用资本市场做大做强", excerpt: "鼓励优质中小企业、科技企业等改制上市、到全国中小企业股份转让系统以及区域性股权交易市场注册挂牌", bracket: "〔市金融局、人行阳江市中心支行，各县（市、区）政府〕", data: true,
    resources: ["enterprise.registration", "progress.reports"] },
  { id: "二(六)2", title: "拓宽企业债务融资渠道", excerpt: "推动市内企业、公司在银行间市场发行超短期融资券、短期融资券、中期票据、企业债、资产支持票据、知识产权资产证券化产品等进行直接融资", bracket: "〔人行阳江市中心支行、阳江银监分局，各县（市、区）政府〕", data: true,
    resources: ["bonds.repayment"] },
  { id: "二(六)3", title: "积极推动“险资入粤”", excerpt: "引导保险资金以债权、股权、基金、PPP等投资模式，支持产业园区发展、基础设施建设和新型城镇化建设", bracket: "（市金融局、市发展改革局、市保险行业协会）", data: true,
    resources: ["government.debt"], gaps: ["保险资金在本市的项目投资未记录（PPP 项目有，投资方无）"] },
  { id: "二(六)4", title: "规范发展互联网金融融资", excerpt: "加强对互联网金融企业的日常监管和风险预防处置工作", bracket: "〔市金融局、市工商局、市经济和信息化局、人行阳江市中心支行、阳江银监分局、市保险行业协会，各县（市、区）政府〕", data: true,
    resources: [], gaps: ["互联网金融企业名录与日常监管数据未建模"] },

  { id: "二(七)1", title: "优化信贷投向", excerpt: "加大对市属镍合金、游艇制造、新型建材、海洋装备、电力能源等新兴产业企业以及市直、县（市、区）直农业龙头企业的信贷支持。发展绿色信贷", bracket: "（阳江银监分局、人行阳江市中心支行）", data: true,
    resources: ["debt.loans", "enterprise.registration"] },
  { id: "二(七)2", title: "改善小微企业金融服务", excerpt: "设置差异化的小微企业不良贷款容忍度目标", bracket: "（阳江银监分局、人行阳江市中心支行）", data: true,
    resources: ["debt.loans", "institutions.bankIndicators", "enterprise.statements"] },
  { id: "二(七)3", title: "努力降低企业融资成本", excerpt: "就合理设定贷款期限、创新还款方式、开展自主续贷等制定具体的操作办法", bracket: "（阳江银监分局、人行阳江市中心支行、市发展改革局、市经济和信息化局、市金融局、市保险行业协会）", data: true,
    resources: ["debt.loans"], gaps: ["还款方式（分期、循环、年审制）与续贷未记录；利率与期限有"] },
  { id: "二(七)4", title: "深入推动金融科技产业融合发展", excerpt: "鼓励银行机构开展知识产权质押融资、贸易融资和存货、清单、应收账款等抵质押贷款业务", bracket: "〔市金融局、市科技局、人行阳江市中心支行、阳江银监分局，各县（市、区）政府〕", data: true,
    resources: ["debt.loans", "enterprise.registration"] },
  { id: "二(七)5", title: "探索开展投贷联动试点", excerpt: "开展“股权+银行贷款”和“银行贷款+认股权证”等融资创新", bracket: "（市金融局、阳江银监分局、人行阳江市中心支行）", data: true,
    resources: ["debt.loans"], gaps: ["投贷联动的股权投资未记录"] },

  { id: "三(一)", title: "加强组织领导", excerpt: "建立去杠杆联动工作机制，落实专门人员", bracket: null, data: false, resources: [] },
  { id: "三(二)", title: "加强协调配合", excerpt: "建立市金融局与人行阳江市中心支行、阳江银监分局、市保险行业协会和有关部门的定期会商及信息共享制度", bracket: null,
    namedInText: ["市金融局", "人行阳江市中心支行", "阳江银监分局", "市保险行业协会"], data: true,
    resources: [...INDICATORS, "progress.reports", "alerts.rules", "alerts.alerts"] },
  { id: "三(三)", title: "加强宣传引导", excerpt: "大力开展金融知识宣传教育", bracket: null, data: false, resources: [] },
  { id: "三(四)", title: "加强跟踪督办", excerpt: "各地、各责任单位要于每季度末将本季度推进落实去杠杆工作进展情况报送市金融局", bracket: null,
    namedInText: ALL_AGENCIES, data: true, resources: ["progress.reports"] },
];

/** The unit names of a clause: its bracket's, split (a county list keeps its inner 、), or those named in its text. */
export function unitsOf(clause: Clause): string[] {
  if (!clause.bracket) return [...(clause.namedInText ?? [])];
  const inner = clause.bracket.slice(1, -1).replaceAll("（市、区）", "(市区)");
  return inner.split(/[、，]/).map((u) => u.replaceAll("(市区)", "（市、区）"));
}

/** The principals a clause names. */
export const columnsOf = (clause: Clause): Column[] => [...new Set(unitsOf(clause).flatMap((u) => UNIT_COLUMNS[u] ?? []))];
