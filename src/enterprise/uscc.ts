// Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, the last a check character.
//   1      registration authority (9 = market regulation)
//   2      entity kind (1 = enterprise)
//   3–8    registering administrative division, e.g. 441704 for 阳东区
//   9–17   organisation code body
//   18     check character: 31 − (Σ value·weight mod 31), 31 → 0

export const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type UsccProblem =
  | { rule: "length"; message: string; params: { length: number } }
  | { rule: "charset"; message: string; params: { position: number; char: string } }
  | { rule: "checksum"; message: string; params: { found: string; expected: string } };

/** The check character for the first 17 characters (which must already be in the charset). */
export function usccCheckChar(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(body17[i]!) * WEIGHTS[i]!;
  const check = 31 - (sum % 31);
  return USCC_CHARSET[check === 31 ? 0 : check]!;
}

/** Returns null when the code is valid, otherwise the first rule it breaks with a readable message. */
export function checkUscc(code: string): UsccProblem | null {
  if (code.length !== 18) {
    return { rule: "length", message: `must be 18 characters, got ${code.length}`, params: { length: code.length } };
  }
  for (let i = 0; i < 18; i++) {
    if (!USCC_CHARSET.includes(code[i]!)) {
      return {
        rule: "charset",
        message: `character ${i + 1} ('${code[i]}') is not allowed: use digits and upper-case letters except I, O, S, V, Z`,
        params: { position: i + 1, char: code[i]! },
      };
    }
  }
  const expected = usccCheckChar(code.slice(0, 17));
  if (code[17] !== expected) {
    return { rule: "checksum", message: `check character is '${code[17]}', expected '${expected}'`, params: { found: code[17]!, expected } };
  }
  return null;
}

export const isValidUscc = (code: string): boolean => checkUscc(code) === null;

/** The administrative division (characters 3–8) a code was registered in. */
export const usccDivision = (code: string): string => code.slice(2, 8);
