// npm run policy:doc writes docs/permissions.md from the policy data; --check fails on drift.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { schema } from "../schema.ts";
import { permissionsDocument } from "../access/policy/document.ts";

export const PERMISSIONS_FILE = fileURLToPath(new URL("../../docs/permissions.md", import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = permissionsDocument(schema);
  if (process.argv.includes("--check")) {
    if ((await readFile(PERMISSIONS_FILE, "utf8").catch(() => "")) !== text) {
      console.error("docs/permissions.md is out of date with the policy: run `npm run policy:doc` and commit it.");
      process.exit(1);
    }
    console.log("docs/permissions.md is up to date");
  } else {
    await mkdir(fileURLToPath(new URL("../../docs/", import.meta.url)), { recursive: true });
    await writeFile(PERMISSIONS_FILE, text);
    console.log(`wrote ${PERMISSIONS_FILE}`);
  }
}
