// npm run schema:print writes schema/schema.graphql from the builder; --check fails when the
// committed file differs (so a schema change is always reviewed as a diff of that file).
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { printSchema } from "graphql";
import { schema } from "../schema.ts";

export const SCHEMA_FILE = fileURLToPath(new URL("../../schema/schema.graphql", import.meta.url));
export const printedSchema = (): string => printSchema(schema) + "\n";

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const printed = printedSchema();
  if (process.argv.includes("--check")) {
    const committed = await readFile(SCHEMA_FILE, "utf8").catch(() => "");
    if (committed !== printed) {
      console.error("schema/schema.graphql is out of date with the code: run `npm run schema:print` and commit the result.");
      process.exit(1);
    }
    console.log("schema/schema.graphql is up to date");
  } else {
    await mkdir(fileURLToPath(new URL("../../schema/", import.meta.url)), { recursive: true });
    await writeFile(SCHEMA_FILE, printed);
    console.log(`wrote ${SCHEMA_FILE}`);
  }
}
