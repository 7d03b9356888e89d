// Yangjiang (阳江市, 441700) and its four county-level divisions.
import type { Row, DemoData } from "./types.ts";
import { day } from "./calendar.ts";

export const CITY = "441700";
export const JIANGCHENG = "441702";
export const YANGDONG = "441704";
export const YANGXI = "441721";
export const YANGCHUN = "441781";

export interface Place {
  code: string;
  name: string;
  nameEn: string;
  /** the short name used in company names and document numbers */
  short: string;
  /** the county court, and its case-number prefix (粤17xx) */
  court: string;
  courtCode: string;
}

export const COUNTIES: readonly Place[] = [
  { code: JIANGCHENG, name: "江城区", nameEn: "Jiangcheng", short: "江城", court: "阳江市江城区人民法院", courtCode: "粤1702" },
  { code: YANGDONG, name: "阳东区", nameEn: "Yangdong", short: "阳东", court: "阳江市阳东区人民法院", courtCode: "粤1704" },
  { code: YANGXI, name: "阳西县", nameEn: "Yangxi", short: "阳西", court: "阳西县人民法院", courtCode: "粤1721" },
  { code: YANGCHUN, name: "阳春市", nameEn: "Yangchun", short: "阳春", court: "阳春市人民法院", courtCode: "粤1781" },
];

export const CITY_PLACE: Place = {
  code: CITY,
  name: "阳江市",
  nameEn: "Yangjiang",
  short: "阳江",
  court: "阳江市中级人民法院",
  courtCode: "粤17",
};

export const ALL_PLACES: readonly Place[] = [CITY_PLACE, ...COUNTIES];
export const COUNTY_CODES = COUNTIES.map((c) => c.code);

/** How market entities spread over the counties: the city seat and Yangdong hold most. */
export const COUNTY_WEIGHTS: Record<string, number> = { [JIANGCHENG]: 34, [YANGDONG]: 28, [YANGXI]: 16, [YANGCHUN]: 22 };

export function place(code: string): Place {
  const p = ALL_PLACES.find((x) => x.code === code);
  if (!p) throw new Error(`unknown division ${code}`);
  return p;
}

export function countyRows(): DemoData["county"] {
  const createdAt = day(2016, 1, 1);
  return ALL_PLACES.map(
    (p): Row<DemoData["county"][number]> => ({ code: p.code, name: p.name, nameEn: p.nameEn, isCity: p.code === CITY, createdAt }),
  );
}
