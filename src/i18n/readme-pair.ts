// README.md (Chinese) and README.en.md (English) are one document in two languages: this compares
// what must be the same in both, so that a section, a command or a setting added to one and not
// the other fails `npm run docs:check` (and test/readme-languages.test.ts):
// - the headings: as many, at the same levels, in the same order;
// - the fenced code blocks: as many, with the same info string; shell blocks hold the same
//   commands (a trailing `# comment` may be translated); a plain block (no info string: the
//   layout) names the same paths, the first column of each line that does not start with a
//   space (the descriptions after it are translated); every other block is identical;
// - the tables: as many, with the same number of rows, and the same first cell where it is code
//   (`VARIABLE`, `npm run …`: what a reader types).
export interface ReadmeShape {
  headings: string[];
  blocks: { info: string; body: string }[];
  tables: string[][];
}

const SHELL = new Set(["sh", "bash", "shell", "console"]);

/** Strips a trailing `# comment` (outside quotes) from a shell line. */
function command(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i).trimEnd();
  }
  return line.trimEnd();
}

export function shapeOf(markdown: string): ReadmeShape {
  const shape: ReadmeShape = { headings: [], blocks: [], tables: [] };
  const lines = markdown.split("\n");
  let table: string[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^```(.*)$/.exec(line);
    if (fence) {
      const info = fence[1]!.trim();
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i]!.startsWith("```"); i++) body.push(lines[i]!);
      const kept = SHELL.has(info) ? body.map(command) : info === "" ? body.filter((l) => l && !/^\s/.test(l)).map((l) => l.split(/\s{2,}/)[0]!) : body;
      shape.blocks.push({ info, body: kept.join("\n") });
      table = null;
      continue;
    }
    const heading = /^(#{1,6})\s/.exec(line);
    if (heading) shape.headings.push(heading[1]!);
    if (line.startsWith("|")) {
      if (!table) shape.tables.push((table = []));
      if (!/^\|[\s|:-]+\|$/.test(line)) {
        const first = line.split("|")[1]!.trim();
        table.push(/^`[^`]+`/.test(first) ? first : "·");
      }
    } else table = null;
  }
  return shape;
}

/** What differs between the two languages' READMEs, one sentence each; empty when they agree. */
export function compareReadmes(zh: string, en: string): string[] {
  const a = shapeOf(zh);
  const b = shapeOf(en);
  const problems: string[] = [];
  if (a.headings.join(" ") !== b.headings.join(" ")) {
    problems.push(`headings differ: README.md has ${a.headings.length} (${a.headings.join(" ")}), README.en.md ${b.headings.length} (${b.headings.join(" ")})`);
  }
  if (a.blocks.length !== b.blocks.length) problems.push(`README.md has ${a.blocks.length} code blocks, README.en.md ${b.blocks.length}`);
  for (let i = 0; i < Math.min(a.blocks.length, b.blocks.length); i++) {
    const [x, y] = [a.blocks[i]!, b.blocks[i]!];
    if (x.info !== y.info || x.body !== y.body) problems.push(`code block ${i + 1} differs (README.md: ${JSON.stringify(x.body.slice(0, 80))}, README.en.md: ${JSON.stringify(y.body.slice(0, 80))})`);
  }
  if (a.tables.length !== b.tables.length) problems.push(`README.md has ${a.tables.length} tables, README.en.md ${b.tables.length}`);
  for (let i = 0; i < Math.min(a.tables.length, b.tables.length); i++) {
    if (a.tables[i]!.join("\n") !== b.tables[i]!.join("\n")) problems.push(`table ${i + 1} differs: README.md rows ${a.tables[i]!.join(", ")}; README.en.md rows ${b.tables[i]!.join(", ")}`);
  }
  return problems;
}
