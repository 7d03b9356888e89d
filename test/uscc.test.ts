import { describe, expect, it } from "vitest";
import { checkUscc, isValidUscc, usccCheckChar } from "../src/enterprise/uscc.ts";

// Codes of well-known companies, published on their business licences: an independent check
// that the weights and check-character rule match GB 32100-2015.
const PUBLISHED = ["91440300708461136T", "91330100799655058B", "91110000802100433B"];

describe("unified social credit code (GB 32100-2015)", () => {
  it.each(PUBLISHED)("accepts the published code %s", (code) => {
    expect(checkUscc(code)).toBeNull();
  });

  it("rejects a wrong check character and names the expected one", () => {
    expect(checkUscc("91440300708461136X")).toEqual({ rule: "checksum", message: "check character is 'X', expected 'T'", params: { found: "X", expected: "T" } });
  });

  it("maps a computed check value of 31 to '0'", () => {
    // Search bodies until one yields Σ mod 31 = 0 (check 31 → 0) and confirm the code validates.
    const body = Array.from({ length: 31 }, (_, i) => `9144170400000${String(i).padStart(4, "0")}`).find((b) => usccCheckChar(b) === "0");
    expect(body).toBeDefined();
    expect(isValidUscc(`${body}0`)).toBe(true);
  });

  it.each([
    ["", 0],
    ["91440300708461136", 17],
    ["91440300708461136TT", 19],
  ])("rejects length %#", (code, length) => {
    expect(checkUscc(code)).toEqual({ rule: "length", message: `must be 18 characters, got ${length}`, params: { length } });
  });

  it.each(["I", "O", "S", "V", "Z"])("rejects the forbidden letter %s", (letter) => {
    const code = `914403007084611${letter}6T`;
    expect(checkUscc(code)).toEqual({
      rule: "charset",
      message: `character 16 ('${letter}') is not allowed: use digits and upper-case letters except I, O, S, V, Z`,
      params: { position: 16, char: letter },
    });
  });

  it("rejects lower case", () => {
    expect(checkUscc("91440300708461136t")?.rule).toBe("charset");
  });
});
