// The downloadable lists derived from the schema: one for every root relay connection of Query
// that lists.ts does not curate by hand, so a list the graph gains is downloadable without a
// hand-written column list. `npm run operations:publish` writes what this derives to
// clients/sheets/derived/<list>.graphql (registered like every client document) and
// src/sheets/lists.generated.ts (the columns), and `npm run operations:check` fails when the
// schema has moved and they were not regenerated: both are reviewed as diffs, like the schema.
//
// The columns of a list, from its node type:
// - every scalar or enum field taking no required argument (a list of them is one cell, joined
//   with 、, lists.ts CELL_JOIN), but no ID: an opaque global id means nothing in a sheet;
// - for every single object field (not a list, not a connection) the identifying scalars of its
//   type, one level down: the keys the graph looks the type up by (the argument of a root field
//   such as `loan(contractNo:)` that is a field of the type), the fields its descriptions call
//   unique or its key, and code, uscc, name, nameZh, idNumber where the type has them; an object
//   type with none of these is left out;
// - the record's bookkeeping (owner, reported, created, updated, retired, version) last.
// A column's Chinese name is the parenthesised Chinese term of its field's description
// ("Contract amount in yuan (贷款金额)." → 贷款金额, with （元） for an amount in yuan; the
// bookkeeping fields as the upload templates name them), else the description's first words, else
// the field's name; one level down, the parent's name and the child's ("贷款银行" + "机构编码").
// A root connection with a required argument cannot be listed whole and is skipped (none today).
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";
import type { ListColumn, SheetList } from "./lists.ts";

export interface DerivedLists {
  lists: SheetList[];
  /** each list's registered document, one query in a file of its own (clients/sheets/derived/<name>.graphql) */
  documents: { file: string; text: string }[];
  /** root connections that could not be derived, and why */
  skipped: { connection: string; reason: string }[];
}

const IDENTIFYING = ["code", "uscc", "name", "nameZh", "idNumber"];
const BOOKKEEPING = ["ownerAgency", "reportedAt", "createdAt", "updatedAt", "retiredAt", "version"];

const cjkCount = (s: string) => (s.match(/[\u3400-\u9fff]/g) ?? []).length;

/**
 * The first parenthesised Chinese term of a description, up to its first comma, colon or
 * semicolon: "(注册资本, 元)" → 注册资本. A lone character ("(二(七)1)", a plan clause) is no term.
 */
export function chineseTerm(description: string | null | undefined): string | null {
  const text = description ?? "";
  for (let i = text.indexOf("("); i >= 0; i = text.indexOf("(", i + 1)) {
    const term = text.slice(i + 1).split(/[,;:)，；：(]/)[0]!.trim();
    if (cjkCount(term) >= 2) return term;
  }
  return null;
}

/**
 * The bookkeeping every record has, whose descriptions (one per record type, in English) carry no
 * term: named as the upload templates name them (版本号 is the templates' column for a version).
 */
const COMMON_TERMS: Record<string, string> = {
  createdAt: "入库时间",
  updatedAt: "更新时间",
  retiredAt: "注销时间",
  version: "版本号",
};

/** The description's first words, up to its first parenthesis or full stop (at most eight words, or up to a comma). */
function englishWords(description: string | null | undefined): string | null {
  // "…, e.g. Enterprise." gives no words of its own.
  const first = (description ?? "").replace(/,?\s*e\.g\..*$/s, "").split(/[(.;:\n]/)[0]!.trim();
  if (!first) return null;
  const words = first.split(/\s+/);
  return words.length <= 8 ? first : first.split(",")[0]!.split(/\s+/).slice(0, 8).join(" ");
}

function termOf(field: GraphQLField<unknown, unknown>): string | null {
  const term = chineseTerm(field.description) ?? COMMON_TERMS[field.name] ?? null;
  if (!term) return null;
  const inYuan = getNamedType(field.type).name === "Decimal" && /\byuan\b|元/.test(field.description ?? "") && !term.includes("元");
  return inYuan ? `${term}（元）` : term;
}

const headerOf = (field: GraphQLField<unknown, unknown>): string => termOf(field) ?? englishWords(field.description) ?? field.name;

/** One level down: 贷款银行 + 机构编码 → 贷款银行机构编码; 借款企业 + 企业名称 → 借款企业名称. */
function nestedHeader(parent: GraphQLField<unknown, unknown>, child: GraphQLField<unknown, unknown>): string {
  const outer = termOf(parent);
  const inner = termOf(child);
  if (outer && (child.name === "name" || inner?.endsWith("名称"))) return `${outer}名称`;
  if (outer && inner) return `${outer}${inner}`;
  // The parent says nothing in Chinese: the child's own name (a clash is told apart below).
  if (inner) return inner;
  return `${headerOf(parent)} · ${headerOf(child)}`;
}

const pascal = (name: string) => name[0]!.toUpperCase() + name.slice(1);
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const takesRequiredArgs = (field: GraphQLField<unknown, unknown>) => field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined);

type Shape = "leaf" | "leafList" | "object" | "other";

function shapeOf(field: GraphQLField<unknown, unknown>): Shape {
  const type = getNullableType(field.type);
  const named = getNamedType(field.type);
  const leaf = isScalarType(named) || isEnumType(named);
  if (isListType(type)) return leaf && !isListType(getNullableType(type.ofType)) ? "leafList" : "other";
  if (leaf) return named.name === "ID" ? "other" : "leaf";
  if (isObjectType(named) && !named.name.endsWith("Connection")) return "object";
  return "other";
}

/** The fields a type is looked up by at the root (`loan(contractNo:)` → Loan.contractNo). */
function lookupKeys(schema: GraphQLSchema): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  for (const root of Object.values(schema.getQueryType()!.getFields())) {
    const type = getNamedType(root.type);
    if (!isObjectType(type) || isListType(getNullableType(root.type)) || root.args.length !== 1) continue;
    const arg = root.args[0]!;
    if (!isNonNullType(arg.type) || !type.getFields()[arg.name]) continue;
    keys.set(type.name, (keys.get(type.name) ?? new Set()).add(arg.name));
  }
  return keys;
}

function identifyingFields(type: GraphQLObjectType, keys: Map<string, Set<string>>): GraphQLField<unknown, unknown>[] {
  const fields = type.getFields();
  // Described as the type's key: "Order document number (整改通知文号), unique.", "…, the record's key."
  const described = Object.values(fields).filter((f) => /, unique\b|, the \w+'s key\b/.test(f.description ?? "")).map((f) => f.name);
  const names = [...new Set([...(keys.get(type.name) ?? []), ...described, ...IDENTIFYING])];
  return names.flatMap((n) => {
    const field = fields[n];
    return field && shapeOf(field) === "leaf" && !takesRequiredArgs(field) && !field.deprecationReason ? [field] : [];
  });
}

interface Derived {
  list: SheetList;
  selection: string[];
}

function deriveOne(root: GraphQLField<unknown, unknown>, node: GraphQLObjectType, keys: Map<string, Set<string>>): Derived {
  const fields = Object.values(node.getFields()).filter((f) => !f.deprecationReason && !takesRequiredArgs(f));
  const own = identifyingFields(node, keys).map((f) => f.name);
  const rank = (f: GraphQLField<unknown, unknown>) => (own.includes(f.name) ? own.indexOf(f.name) - 100 : BOOKKEEPING.includes(f.name) ? 1000 + BOOKKEEPING.indexOf(f.name) : shapeOf(f) === "object" ? 500 : 0);
  const ordered = fields.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);

  const columns: ListColumn[] = [];
  const selection: string[] = [];
  for (const field of ordered) {
    const shape = shapeOf(field);
    if (shape === "leaf" || shape === "leafList") {
      const decimal = getNamedType(field.type).name === "Decimal";
      columns.push({ zh: headerOf(field), path: field.name, ...(decimal && shape === "leaf" ? { number: true } : {}) });
      selection.push(field.name);
    } else if (shape === "object") {
      const children = identifyingFields(getNamedType(field.type) as GraphQLObjectType, keys);
      if (!children.length) continue;
      for (const child of children) columns.push({ zh: nestedHeader(field, child), path: `${field.name}.${child.name}` });
      selection.push(`${field.name} { ${children.map((c) => c.name).join(" ")} }`);
    }
  }
  // Two fields with one Chinese term (报送时间 for reportedAt and submittedAt): the later one says which.
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column.zh)) column.zh = `${column.zh}（${column.path}）`;
    seen.add(column.zh);
  }

  const term = chineseTerm(root.description) ?? chineseTerm(node.description);
  // "The alerts you may see (预警), …" names no list: then the field's own words ("Alerts").
  const described = englishWords(root.description);
  const en = described && !described.startsWith("The ") ? described : root.name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
  // The Chinese title names the worksheet, where Excel allows none of \ / ? * [ ] :.
  const title = { zh: (term ? `${term}清单` : en).replace(/[\\/?*[\]:]/g, "、"), en: en[0]!.toUpperCase() + en.slice(1) };
  return {
    list: { name: kebab(root.name), title, operation: `SheetsExport${pascal(root.name)}`, connection: root.name, columns },
    selection,
  };
}

/** Every root connection of the schema not in `curated` (their connections), derived as a list. */
export function deriveLists(schema: GraphQLSchema, curated: readonly Pick<SheetList, "connection">[]): DerivedLists {
  const keys = lookupKeys(schema);
  const taken = new Set(curated.map((l) => l.connection));
  const lists: SheetList[] = [];
  const skipped: DerivedLists["skipped"] = [];
  const documents: DerivedLists["documents"] = [];
  const roots = Object.values(schema.getQueryType()!.getFields()).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const root of roots) {
    const connection = getNamedType(root.type);
    if (!isObjectType(connection) || !connection.name.endsWith("Connection") || taken.has(root.name)) continue;
    const { nodes, pageInfo } = connection.getFields();
    const node = nodes && getNamedType(nodes.type);
    const pages = ["first", "after"].every((a) => root.args.some((arg) => arg.name === a));
    if (!node || !isObjectType(node) || !pageInfo || !pages) {
      skipped.push({ connection: root.name, reason: "not a relay connection with nodes, pageInfo, first and after" });
      continue;
    }
    if (takesRequiredArgs(root)) {
      skipped.push({ connection: root.name, reason: `required arguments: ${root.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined).map((a) => a.name).join(", ")}` });
      continue;
    }
    const { list, selection } = deriveOne(root, node, keys);
    lists.push(list);
    // A file per list: a registered document is matched by its hash whole, and a page runs one list's query.
    documents.push({
      file: `${list.name}.graphql`,
      text: [
        `# Generated by \`npm run operations:publish\` from the schema (src/sheets/derive-lists.ts): do not edit.`,
        `# GET /sheets/export/${list.name}.xlsx|csv (${list.title.zh}), run page by page as the caller.`,
        `query ${list.operation}($first: Int!, $after: String) {`,
        `  ${root.name}(first: $first, after: $after) {`,
        `    pageInfo { hasNextPage endCursor }`,
        `    nodes {`,
        ...selection.map((s) => `      ${s}`),
        `    }`,
        `  }`,
        `}`,
        ``,
      ].join("\n"),
    });
  }
  return { lists, documents, skipped };
}

/** lists.generated.ts: the derived lists as a module, one column a line (reviewed as a diff). */
export function listsModule(derived: DerivedLists): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = [
    "// Generated by `npm run operations:publish` from the schema (src/sheets/derive-lists.ts): do not edit.",
    "// The columns of each list of clients/sheets/derived/<name>.graphql.",
    `import type { SheetList } from "./lists.ts";`,
    "",
    ...(derived.skipped.length ? [`// Skipped: ${derived.skipped.map((s) => `${s.connection} (${s.reason})`).join("; ")}.`] : []),
    "export const GENERATED_LISTS: readonly SheetList[] = [",
  ];
  for (const list of derived.lists) {
    lines.push(
      "  {",
      `    name: ${q(list.name)},`,
      `    title: { zh: ${q(list.title.zh)}, en: ${q(list.title.en)} },`,
      `    operation: ${q(list.operation)},`,
      `    connection: ${q(list.connection)},`,
      "    columns: [",
      ...list.columns.map((c) => `      { zh: ${q(c.zh)}, path: ${q(c.path)}${c.number ? ", number: true" : ""} },`),
      "    ],",
      "  },",
    );
  }
  lines.push("];", "");
  return lines.join("\n");
}
