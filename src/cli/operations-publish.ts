// npm run operations:publish: registers every document under clients/<system>/ by its normalised
// hash in clients/operations.json (reviewed and committed like code); --check fails when a
// client's documents and the registry disagree.
// First it derives the spreadsheet lists from the schema (src/sheets/derive-lists.ts) and writes
// their documents, clients/sheets/derived/<list>.graphql, and their columns,
// src/sheets/lists.generated.ts, so those documents are registered with the rest; --check also
// fails when any of them is not what the schema now gives (or a file is left over).
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, print, validate, Kind } from "graphql";
import { schema } from "../schema.ts";
import { MANIFEST_FILE, operationId, type RegisteredOperation } from "../operations/manifest.ts";
import { deriveLists, listsModule } from "../sheets/derive-lists.ts";
import { CURATED_LISTS } from "../sheets/lists.ts";

const CLIENTS = fileURLToPath(new URL("../../clients/", import.meta.url));
const SHEET_LISTS_DIR = fileURLToPath(new URL("../../clients/sheets/derived/", import.meta.url));
const SHEET_LISTS_MODULE = fileURLToPath(new URL("../sheets/lists.generated.ts", import.meta.url));

/** The generated sheet-list files as the schema now makes them. */
function sheetListFiles(): Map<string, string> {
  const derived = deriveLists(schema, CURATED_LISTS);
  return new Map([...derived.documents.map((d) => [join(SHEET_LISTS_DIR, d.file), d.text] as const), [SHEET_LISTS_MODULE, listsModule(derived)]]);
}

/** Writes (or, checking, compares) the generated sheet-list files; false: they are not up to date. */
async function syncSheetLists(check: boolean): Promise<boolean> {
  const files = sheetListFiles();
  await mkdir(SHEET_LISTS_DIR, { recursive: true });
  const present = (await readdir(SHEET_LISTS_DIR)).filter((f) => f.endsWith(".graphql")).map((f) => join(SHEET_LISTS_DIR, f));
  let upToDate = true;
  for (const path of present.filter((p) => !files.has(p))) {
    // A list the schema no longer has (its connection removed or now curated).
    upToDate = false;
    if (check) console.error(`${relative(process.cwd(), path)} is no list of the schema's`);
    else await rm(path);
  }
  for (const [path, text] of files) {
    if ((await readFile(path, "utf8").catch(() => "")) === text) continue;
    upToDate = false;
    if (check) console.error(`${relative(process.cwd(), path)} is not what the schema gives the spreadsheet lists`);
    else await writeFile(path, text);
  }
  return upToDate;
}

async function documents(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "generated" && entry.name !== "node_modules") out.push(...(await documents(path)));
    else if (entry.isFile() && entry.name.endsWith(".graphql")) out.push(path);
  }
  return out.sort();
}

export async function buildManifest(): Promise<string> {
  const operations: RegisteredOperation[] = [];
  for (const path of await documents(CLIENTS)) {
    const text = await readFile(path, "utf8");
    const document = parse(text);
    const errors = validate(schema, document);
    if (errors.length) throw new Error(`${relative(CLIENTS, path)}: ${errors[0]!.message}`);
    const file = relative(CLIENTS, path);
    operations.push({
      id: operationId(text),
      system: file.split("/")[0]!,
      file,
      operations: document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : [])),
      document: print(document),
    });
  }
  return JSON.stringify({ generatedBy: "npm run operations:publish", operations }, null, 2) + "\n";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes("--check");
  if (!(await syncSheetLists(check)) && check) {
    console.error("run `npm run operations:publish`.");
    process.exit(1);
  }
  const manifest = await buildManifest();
  if (check) {
    if ((await readFile(MANIFEST_FILE, "utf8").catch(() => "")) !== manifest) {
      console.error("clients/operations.json does not match the documents under clients/: run `npm run operations:publish`.");
      process.exit(1);
    }
    console.log("clients/operations.json is up to date");
  } else {
    await writeFile(MANIFEST_FILE, manifest);
    console.log(`registered ${JSON.parse(manifest).operations.length} documents in ${MANIFEST_FILE}`);
  }
}
