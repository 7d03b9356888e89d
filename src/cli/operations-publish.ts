// npm run operations:publish: registers every document under clients/<system>/ by its normalised
// hash in clients/operations.json (reviewed and committed like code); --check fails when a
// client's documents and the registry disagree.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, print, validate, Kind } from "graphql";
import { schema } from "../schema.ts";
import { MANIFEST_FILE, operationId, type RegisteredOperation } from "../operations/manifest.ts";

const CLIENTS = fileURLToPath(new URL("../../clients/", import.meta.url));

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
  const manifest = await buildManifest();
  if (process.argv.includes("--check")) {
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
