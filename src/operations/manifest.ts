// Trusted operations: each agency system's GraphQL documents live under clients/<system>/ and are
// registered by hash in clients/operations.json (npm run operations:publish). In production, a
// machine principal may run only these; analysts may send any document within the limits.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse, print } from "graphql";

export const MANIFEST_FILE = fileURLToPath(new URL("../../clients/operations.json", import.meta.url));

export interface RegisteredOperation {
  id: string;
  system: string;
  file: string;
  operations: string[];
  document: string;
}

/** The id of a document: SHA-256 of its printed (normalised) form, so formatting does not matter. */
export function operationId(document: string): string {
  return createHash("sha256").update(print(parse(document))).digest("hex");
}

export function loadManifest(path = MANIFEST_FILE): Map<string, RegisteredOperation> {
  const manifest = JSON.parse(readFileSync(path, "utf8")) as { operations: RegisteredOperation[] };
  return new Map(manifest.operations.map((o) => [o.id, o]));
}
