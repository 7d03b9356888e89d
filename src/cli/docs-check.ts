// npm run docs:check: README.md (Chinese) and README.en.md (English) must have the same sections,
// commands and settings (src/i18n/readme-pair.ts). Exit 1 naming each difference.
import { readFileSync } from "node:fs";
import { compareReadmes } from "../i18n/readme-pair.ts";

const problems = compareReadmes(readFileSync("README.md", "utf8"), readFileSync("README.en.md", "utf8"));
for (const problem of problems) console.error(`docs:check: ${problem}`);
if (problems.length) process.exit(1);
console.log("docs:check: README.md and README.en.md agree (headings, code blocks, tables)");
