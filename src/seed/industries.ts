// GB/T 4754-2017 divisions that matter in Yangjiang, with the words its company names use and
// the key-industry tags (重点产业) each word implies.
import type { KeyIndustry } from "../generated/prisma/client.ts";
import type { DemoData } from "./types.ts";
import { JIANGCHENG, YANGCHUN, YANGDONG, YANGXI } from "./places.ts";

export interface TradeWord {
  word: string;
  tags: KeyIndustry[];
}

export interface IndustryDef {
  code: string;
  section: string;
  name: string;
  nameEn: string;
  /** relative share of the city's enterprises */
  weight: number;
  words: readonly TradeWord[];
  /** county weights where the industry clusters (knives in Yangdong, cement in Yangchun …) */
  counties?: Record<string, number>;
  /** relative balance-sheet size */
  sizeFactor?: number;
  /** share of high-tech enterprises */
  highTech?: number;
}

const w = (word: string, ...tags: KeyIndustry[]): TradeWord => ({ word, tags });

export const INDUSTRIES: readonly IndustryDef[] = [
  { code: "A01", section: "A", name: "农业", nameEn: "Agriculture", weight: 3, words: [w("农业发展"), w("生态农业"), w("果蔬种植"), w("农业科技")], counties: { [YANGCHUN]: 40, [YANGXI]: 25, [YANGDONG]: 20, [JIANGCHENG]: 5 } },
  { code: "A04", section: "A", name: "渔业", nameEn: "Fishery", weight: 4, words: [w("水产养殖"), w("海洋渔业"), w("渔业发展")], counties: { [YANGXI]: 40, [YANGDONG]: 30, [JIANGCHENG]: 20, [YANGCHUN]: 4 } },
  { code: "C13", section: "C", name: "农副食品加工业", nameEn: "Agricultural and sideline food processing", weight: 5, words: [w("食品"), w("水产品加工"), w("豆豉食品"), w("饲料")] },
  { code: "C26", section: "C", name: "化学原料和化学制品制造业", nameEn: "Chemical raw materials and chemical products", weight: 2, words: [w("化工"), w("新材料科技")], highTech: 0.2 },
  { code: "C30", section: "C", name: "非金属矿物制品业", nameEn: "Non-metallic mineral products", weight: 5, words: [w("新型建材", "NEW_BUILDING_MATERIALS"), w("水泥", "NEW_BUILDING_MATERIALS"), w("建材", "NEW_BUILDING_MATERIALS"), w("陶瓷", "NEW_BUILDING_MATERIALS")], counties: { [YANGCHUN]: 45, [YANGDONG]: 20, [YANGXI]: 15, [JIANGCHENG]: 10 }, sizeFactor: 1.5 },
  { code: "C31", section: "C", name: "黑色金属冶炼和压延加工业", nameEn: "Smelting and pressing of ferrous metals", weight: 3, words: [w("镍合金", "NICKEL_ALLOY"), w("不锈钢材料", "NICKEL_ALLOY"), w("特钢", "NICKEL_ALLOY"), w("合金材料", "NICKEL_ALLOY")], counties: { [YANGXI]: 30, [JIANGCHENG]: 35, [YANGDONG]: 25, [YANGCHUN]: 10 }, sizeFactor: 6, highTech: 0.15 },
  { code: "C33", section: "C", name: "金属制品业", nameEn: "Metal products", weight: 14, words: [w("刀剪"), w("五金制品"), w("厨具"), w("不锈钢制品"), w("刀具"), w("工贸")], counties: { [YANGDONG]: 45, [JIANGCHENG]: 35, [YANGXI]: 10, [YANGCHUN]: 10 }, highTech: 0.1 },
  { code: "C34", section: "C", name: "通用设备制造业", nameEn: "General-purpose equipment", weight: 3, words: [w("机械"), w("机电设备"), w("泵业")], highTech: 0.2 },
  { code: "C35", section: "C", name: "专用设备制造业", nameEn: "Special-purpose equipment", weight: 3, words: [w("装备制造"), w("海洋工程装备", "MARINE_EQUIPMENT"), w("智能装备")], highTech: 0.25 },
  { code: "C37", section: "C", name: "铁路、船舶、航空航天和其他运输设备制造业", nameEn: "Railway, ship, aerospace and other transport equipment", weight: 3, words: [w("游艇", "YACHT"), w("游艇制造", "YACHT"), w("船舶工程", "MARINE_EQUIPMENT"), w("海洋装备", "MARINE_EQUIPMENT")], counties: { [JIANGCHENG]: 45, [YANGDONG]: 20, [YANGXI]: 30, [YANGCHUN]: 5 }, sizeFactor: 2, highTech: 0.25 },
  { code: "C38", section: "C", name: "电气机械和器材制造业", nameEn: "Electrical machinery and equipment", weight: 3, words: [w("电气"), w("海上风电装备", "MARINE_EQUIPMENT", "POWER_ENERGY"), w("电器")], highTech: 0.3, sizeFactor: 2 },
  { code: "D44", section: "D", name: "电力、热力生产和供应业", nameEn: "Production and supply of electricity and heat", weight: 2, words: [w("能源", "POWER_ENERGY"), w("电力", "POWER_ENERGY"), w("新能源", "POWER_ENERGY"), w("风电", "POWER_ENERGY")], counties: { [YANGXI]: 35, [YANGDONG]: 35, [JIANGCHENG]: 15, [YANGCHUN]: 15 }, sizeFactor: 10 },
  { code: "E47", section: "E", name: "房屋建筑业", nameEn: "Building construction", weight: 4, words: [w("建筑工程"), w("建设工程")], sizeFactor: 1.5 },
  { code: "E48", section: "E", name: "土木工程建筑业", nameEn: "Civil engineering construction", weight: 4, words: [w("路桥建设"), w("市政工程"), w("水利建设")], sizeFactor: 1.5 },
  { code: "F51", section: "F", name: "批发业", nameEn: "Wholesale trade", weight: 12, words: [w("贸易"), w("商贸"), w("进出口"), w("供应链")] },
  { code: "F52", section: "F", name: "零售业", nameEn: "Retail trade", weight: 8, words: [w("百货"), w("商业连锁"), w("超市")] },
  { code: "G54", section: "G", name: "道路运输业", nameEn: "Road transport", weight: 4, words: [w("运输"), w("物流"), w("汽车运输")] },
  { code: "H61", section: "H", name: "住宿业", nameEn: "Accommodation", weight: 3, words: [w("酒店"), w("度假酒店"), w("旅游酒店管理")], counties: { [YANGXI]: 30, [JIANGCHENG]: 35, [YANGDONG]: 25, [YANGCHUN]: 10 } },
  { code: "I65", section: "I", name: "软件和信息技术服务业", nameEn: "Software and information technology services", weight: 3, words: [w("信息科技"), w("软件"), w("网络科技")], counties: { [JIANGCHENG]: 60, [YANGDONG]: 20, [YANGXI]: 10, [YANGCHUN]: 10 }, highTech: 0.4 },
  { code: "K70", section: "K", name: "房地产业", nameEn: "Real estate", weight: 6, words: [w("房地产开发"), w("置业"), w("地产")], sizeFactor: 3 },
  { code: "L72", section: "L", name: "商务服务业", nameEn: "Business services", weight: 6, words: [w("投资"), w("企业管理"), w("投资管理"), w("商务咨询")] },
];

export function industry(code: string): IndustryDef {
  const def = INDUSTRIES.find((i) => i.code === code);
  if (!def) throw new Error(`unknown industry ${code}`);
  return def;
}

export const industryRows = (): DemoData["industry"] =>
  INDUSTRIES.map((i) => ({ code: i.code, section: i.section, name: i.name, nameEn: i.nameEn }));
