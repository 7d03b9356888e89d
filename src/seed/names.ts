// Chinese names for people and companies, drawn the way western Guangdong names run.
import type { Random } from "./random.ts";

// Frequency-weighted surnames of the Yangjiang area (陈, 林, 李, 黄, 梁 lead).
const SURNAMES: readonly (readonly [string, number])[] = [
  ["陈", 14], ["林", 9], ["李", 8], ["黄", 8], ["梁", 7], ["冯", 4], ["关", 3], ["郑", 3], ["吴", 4], ["许", 3],
  ["何", 3], ["张", 4], ["王", 3], ["刘", 3], ["杨", 3], ["谭", 3], ["莫", 2], ["邓", 2], ["曾", 2], ["罗", 2],
  ["叶", 2], ["周", 2], ["谢", 2], ["蔡", 2], ["苏", 2], ["钟", 2], ["卢", 2], ["冼", 1], ["麦", 1], ["阮", 1],
  ["敖", 1], ["姚", 1], ["严", 1], ["覃", 1], ["柯", 1],
];

const MALE_CHARS = "伟强军华明辉杰勇健志海峰斌涛文国永建俊锦浩宇振家荣彬坤新春耀炳成德光达伦庆晖伯汉洪金权泽智东";
const FEMALE_CHARS = "敏芳丽婷娟燕玲霞嘉欣晓佳淑慧凤雪翠梅秀英红艳华萍桂兰颖琳洁静妍莉云琴惠莲";

function given(rng: Random, female: boolean): string {
  const pool = female ? FEMALE_CHARS : MALE_CHARS;
  const first = pool[rng.int(0, pool.length - 1)]!;
  if (rng.chance(0.22)) return first;
  return first + pool[rng.int(0, pool.length - 1)]!;
}

export function personName(rng: Random, female: boolean): string {
  return rng.choose(SURNAMES) + given(rng, female);
}

// Two-character trade names (字号): auspicious characters as local firms pick them.
const BRAND_CHARS =
  "金海华达兴宏信恒隆泰丰盛源鑫祥瑞德利昌富安宇星辉创新科美嘉明合旺益通联润晟锐腾远航川峰林湖江春东南中正诚汇力天鹏龙凯威顺发福康泓骏铭越志凌豪华昊晖永伟佳和致广粤港旭";

export function brand(rng: Random, length = 2): string {
  let out = "";
  while (out.length < length) {
    const ch = BRAND_CHARS[rng.int(0, BRAND_CHARS.length - 1)]!;
    if (!out.includes(ch)) out += ch;
  }
  return out;
}

/** "有限公司" mostly; joint-stock form for the larger and listed firms; 实业 for producers and traders. */
export const companySuffix = (rng: Random, jointStock: boolean, section: string): string =>
  jointStock ? "股份有限公司" : "ACF".includes(section) && rng.chance(0.12) ? "实业有限公司" : "有限公司";
