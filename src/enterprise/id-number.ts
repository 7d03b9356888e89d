// Resident identity card numbers (居民身份证号码, GB 11643-1999): 6-digit area code, birth date
// YYYYMMDD, 3-digit sequence, and an ISO 7064 MOD 11-2 check character (0–9 or X).
import { checkUscc } from "./uscc.ts";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

export function idNumberCheckChar(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (body17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** null when valid, else what is wrong (the rule and a message that does not echo the number). */
export function checkIdNumber(id: string): { rule: string; message: string } | null {
  if (!/^\d{17}[\dX]$/.test(id)) return { rule: "idNumber.format", message: "must be 17 digits followed by a digit or X" };
  const y = +id.slice(6, 10);
  const m = +id.slice(10, 12);
  const d = +id.slice(12, 14);
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return { rule: "idNumber.birthDate", message: "characters 7–14 must be a valid birth date" };
  if (idNumberCheckChar(id.slice(0, 17)) !== id[17]) return { rule: "idNumber.checksum", message: "the check character does not match" };
  return null;
}

/**
 * Whether 18 characters found in free text are a person's ID number, for redaction: a valid one,
 * or one whose only fault is its check character (a mistyped number is still a person's) — but
 * not a valid USCC, which an enterprise's all-digit code is. A birth year after this one is no
 * person's.
 */
export function isPersonalIdNumber(text: string): boolean {
  const id = text.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id) || +id.slice(6, 10) > new Date().getUTCFullYear()) return false;
  const problem = checkIdNumber(id);
  return problem === null || (problem.rule === "idNumber.checksum" && checkUscc(id) !== null);
}
