// npm run policy:doc writes docs/permissions.md and docs/responsibilities.md from the policy data;
// --check fails on drift.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { schema } from "../schema.ts";
import { permissionsDocument } from "../access/policy/document.ts";
import { responsibilitiesDocument } from "../access/policy/responsibilities-document.ts";

export const PERMISSIONS_FILE = fileURLToPath(new URL("../../docs/permissions.md", import.meta.url));
export const RESPONSIBILITIES_FILE = fileURLToPath(new URL("../../docs/responsibilities.md", import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const docs = [
    { file: PERMISSIONS_FILE, name: "docs/permissions.md", text: permissionsDocument(schema) },
    { file: RESPONSIBILITIES_FILE, name: "docs/responsibilities.md", text: responsibilitiesDocument() },
  ];
  if (process.argv.includes("--check")) {
    let stale = false;
    for (const doc of docs) {
      if ((await readFile(doc.file, "utf8").catch(() => "")) !== doc.text) {
        console.error(`${doc.name} is out of date with the policy: run \`npm run policy:doc\` and commit it.`);
        stale = true;
      } else console.log(`${doc.name} is up to date`);
    }
    if (stale) process.exit(1);
  } else {
    await mkdir(fileURLToPath(new URL("../../docs/", import.meta.url)), { recursive: true });
    for (const doc of docs) {
      await writeFile(doc.file, doc.text);
      console.log(`wrote ${doc.file}`);
    }
  }
}
