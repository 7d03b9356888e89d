// The city's and counties' local-government financing platforms (融资平台公司). They are
// enterprises too; city-level ones register in 江城区, the city seat, but report to 441700.
import type { TransformationStatus } from "../generated/prisma/client.ts";
import { CITY, JIANGCHENG, YANGCHUN, YANGDONG, YANGXI } from "./places.ts";

export interface PlatformSpec {
  name: string;
  /** short name used in bond names (e.g. 19阳江城投债01) */
  short: string;
  /** the government level it belongs to: 441700 for city-level */
  level: string;
  industryCode: string;
  supervisor: string;
  status: TransformationStatus;
  note: string | null;
}

const CITY_SASAC = "阳江市人民政府国有资产监督管理委员会";

export const PLATFORMS: readonly PlatformSpec[] = [
  { name: "阳江市城市投资集团有限公司", short: "阳江城投", level: CITY, industryCode: "L72", supervisor: CITY_SASAC, status: "IN_PROGRESS", note: "剥离政府融资职能，向城市综合运营服务商转型，存量隐性债务按计划化解" },
  { name: "阳江市交通投资集团有限公司", short: "阳江交投", level: CITY, industryCode: "E48", supervisor: CITY_SASAC, status: "TRANSFORMED", note: "2018年完成市场化转型，以高速公路、港口物流经营收入偿债" },
  { name: "阳江市滨海新区投资开发有限公司", short: "阳江滨海", level: CITY, industryCode: "L72", supervisor: CITY_SASAC, status: "IN_PROGRESS", note: "园区开发业务逐步市场化，新增融资不再由财政承担偿还责任" },
  { name: "阳江高新技术产业开发区投资开发有限公司", short: "阳江高新投", level: CITY, industryCode: "L72", supervisor: CITY_SASAC, status: "TRANSFORMED", note: "转型为产业投资运营主体，已退出政府融资平台名单管理" },
  { name: "阳江市江城区城市建设投资有限公司", short: "江城城投", level: JIANGCHENG, industryCode: "E48", supervisor: "阳江市江城区财政局（国资办）", status: "NOT_STARTED", note: null },
  { name: "阳江市江城区国有资产经营有限公司", short: "江城国资", level: JIANGCHENG, industryCode: "L72", supervisor: "阳江市江城区财政局（国资办）", status: "EXITED", note: "2018年整合并入区属国有资本运营公司，退出平台名单" },
  { name: "阳东区城乡建设投资有限公司", short: "阳东城建", level: YANGDONG, industryCode: "E48", supervisor: "阳江市阳东区财政局（国资办）", status: "IN_PROGRESS", note: "推进经营性资产注入，压降对财政补贴收入的依赖" },
  { name: "阳江市阳东区交通投资有限公司", short: "阳东交投", level: YANGDONG, industryCode: "E48", supervisor: "阳江市阳东区财政局（国资办）", status: "NOT_STARTED", note: null },
  { name: "阳西县城市建设投资有限公司", short: "阳西城投", level: YANGXI, industryCode: "E48", supervisor: "阳西县财政局（国资办）", status: "IN_PROGRESS", note: "以县城供水、停车等经营性项目现金流逐步替代财政偿债" },
  { name: "阳西县文化旅游投资有限公司", short: "阳西文旅", level: YANGXI, industryCode: "L72", supervisor: "阳西县财政局（国资办）", status: "EXITED", note: "承接沙扒湾景区经营，2017年退出平台名单" },
  { name: "阳春市城市建设投资集团有限公司", short: "阳春城投", level: YANGCHUN, industryCode: "E48", supervisor: "阳春市财政局（国资办）", status: "IN_PROGRESS", note: "整合市属国有资源，推进市场化融资" },
  { name: "阳春市交通建设投资有限公司", short: "阳春交投", level: YANGCHUN, industryCode: "E48", supervisor: "阳春市财政局（国资办）", status: "TRANSFORMED", note: "2018年完成转型，收费公路经营收入覆盖债务本息" },
];

/** The county the platform's enterprise registers in (city-level ones at the city seat). */
export const platformRegistration = (p: PlatformSpec): string => (p.level === CITY ? JIANGCHENG : p.level);
