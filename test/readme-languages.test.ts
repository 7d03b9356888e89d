// README.md is Chinese, README.en.md English: the same sections, commands and settings in both
// (src/i18n/readme-pair.ts, also `npm run docs:check` in CI).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compareReadmes, shapeOf } from "../src/i18n/readme-pair.ts";

const zh = readFileSync("README.md", "utf8");
const en = readFileSync("README.en.md", "utf8");

describe("README in Chinese and English", () => {
  it("has the same headings, code blocks and tables in both languages", () => {
    expect(compareReadmes(zh, en)).toEqual([]);
  });

  it("is Chinese in README.md and English in README.en.md, each linking to the other at the top", () => {
    const han = (text: string) => (text.match(/\p{Script=Han}/gu) ?? []).length;
    expect(han(zh)).toBeGreaterThan(han(en) * 3);
    expect(zh.split("\n").slice(0, 3).join("\n")).toContain("(README.en.md)");
    expect(en.split("\n").slice(0, 3).join("\n")).toContain("(README.md)");
  });

  it("fails on a missing section, a changed command or a missing setting", () => {
    const section = en.indexOf("\n## Tests");
    expect(compareReadmes(zh, en.slice(0, section) + en.slice(en.indexOf("\n## Layout")))[0]).toMatch(/^headings differ/);
    expect(compareReadmes(zh, en.replace("npm run keys -- list", "npm run keys -- ls"))).toEqual([expect.stringMatching(/^code block \d+ differs/)]);
    expect(compareReadmes(zh, en.replace(/^\| `PORT` .*\n/m, ""))).toEqual([expect.stringMatching(/^table \d+ differs/)]);
  });

  it("lets a shell comment be translated but not the command", () => {
    const a = "```sh\nnpm start   # 启动\n```\n";
    const b = "```sh\nnpm start   # start\n```\n";
    expect(compareReadmes(a, b)).toEqual([]);
    expect(shapeOf("```sh\necho '# not a comment' # a comment\n```\n").blocks[0]!.body).toBe("echo '# not a comment'");
  });
});
