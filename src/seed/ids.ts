// Identifier makers: unified social credit codes, resident ID numbers, mobile numbers, and a
// guard that keeps any generated code unique. All check characters are computed, never faked.
import { idNumberCheckChar } from "../enterprise/id-number.ts";
import { USCC_CHARSET, usccCheckChar } from "../enterprise/uscc.ts";
import type { Random } from "./random.ts";
import { pad } from "./numbers.ts";

/** Draws candidates until one is unused; a small budget turns an exhausted code space into a clear error. */
export function unique(used: Set<string>, what: string, make: () => string): string {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const code = make();
    if (!used.has(code)) {
      used.add(code);
      return code;
    }
  }
  throw new Error(`seed: ran out of unique ${what} codes (${used.size} in use); lower the scale`);
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 organisation-code check character (the 9th character of the USCC body). */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body8.charCodeAt(i);
    const value = ch <= 57 ? ch - 48 : ch - 55; // digits 0–9, letters A=10 … Z=35
    sum += value * ORG_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

// Guangdong's post-2015 registrations start "MA" plus a regional batch marker; older firms
// carried their 8-digit organisation code over into the USCC.
const NEW_BATCHES = ["4U", "4W", "4X", "51", "52", "53", "54", "55", "56", "57", "5A", "5C"];
const OLD_PREFIXES = ["19", "28", "55", "59", "66", "67", "68", "69", "70", "71", "72", "73", "74", "75", "76", "77", "79"];
const REGISTRATION_SWITCH = Date.UTC(2015, 9, 1);

/**
 * A valid USCC: "91" (market regulation, enterprise) + the registering division + a 9-character
 * organisation code (itself check-digited) + the GB 32100 check character.
 */
export function makeUscc(rng: Random, division: string, establishedOn: Date, used: Set<string>): string {
  return unique(used, "USCC", () => {
    let org8: string;
    if (establishedOn.getTime() >= REGISTRATION_SWITCH) {
      org8 = "MA" + rng.pick(NEW_BATCHES);
      for (let i = 0; i < 4; i++) org8 += USCC_CHARSET[rng.int(0, USCC_CHARSET.length - 1)]!;
    } else {
      org8 = rng.pick(OLD_PREFIXES) + pad(rng.int(0, 999_999), 6);
    }
    const body17 = "91" + division + org8 + orgCodeCheckChar(org8);
    return body17 + usccCheckChar(body17);
  });
}

export { idNumberCheckChar };

/** An 18-character resident ID: area code, birth date, sequence (odd for men, even for women), check. */
export function makeIdNumber(rng: Random, area: string, birth: Date, female: boolean, used: Set<string>): string {
  const ymd = birth.toISOString().slice(0, 10).replaceAll("-", "");
  return unique(used, "ID number", () => {
    const seq = rng.int(0, 499) * 2 + (female ? 0 : 1);
    const body17 = area + ymd + pad(seq, 3);
    return body17 + idNumberCheckChar(body17);
  });
}

const MOBILE_PREFIXES = [
  "134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "157", "158", "159", "178", "182", "183", "187", "188", "198",
  "130", "131", "132", "155", "156", "166", "175", "176", "185", "186",
  "133", "149", "153", "173", "177", "180", "181", "189", "191", "199",
];

export function makePhone(rng: Random, used: Set<string>): string {
  return unique(used, "mobile number", () => rng.pick(MOBILE_PREFIXES) + pad(rng.int(0, 99_999_999), 8));
}

/** Every generated identifier shares these sets, so codes never collide across domains. */
export interface CodeRegistry {
  uscc: Set<string>;
  idNumber: Set<string>;
  phone: Set<string>;
}

export const newCodeRegistry = (): CodeRegistry => ({ uscc: new Set(), idNumber: new Set(), phone: new Set() });

/** Hands out document numbers like 〔2024〕17号 that rise within each series and year, as real registers do. */
export class DocumentCounter {
  private readonly last = new Map<string, number>();

  constructor(private readonly rng: Random) {}

  next(series: string, year: number, maxGap = 6): number {
    const key = `${series}|${year}`;
    const n = (this.last.get(key) ?? 0) + this.rng.int(1, maxGap);
    this.last.set(key, n);
    return n;
  }
}
