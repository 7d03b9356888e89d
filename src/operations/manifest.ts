// Trusted operations: each agency system's GraphQL documents live under clients/<system>/ and are
// registered by hash in clients/operations.json (npm run operations:publish). In production, a
// machine principal may run only these, and only those of the systems its key is bound to
// (ApiKey.systems); analysts may send any document within the limits.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse, print } from "graphql";

export const MANIFEST_FILE = fileURLToPath(new URL("../../clients/operations.json", import.meta.url));

export interface RegisteredOperation {
  id: string;
  /** the folder under clients/ that registered it */
  system: string;
  file: string;
  operations: string[];
  document: string;
}

/** A registered document in memory: every system that registered this same document (by id). */
export interface TrustedOperation extends RegisteredOperation {
  systems: ReadonlySet<string>;
}

/** The id of a document: SHA-256 of its printed (normalised) form, so formatting does not matter. */
export function operationId(document: string): string {
  return createHash("sha256").update(print(parse(document))).digest("hex");
}

export function loadManifest(path = MANIFEST_FILE): Map<string, TrustedOperation> {
  const manifest = JSON.parse(readFileSync(path, "utf8")) as { operations: RegisteredOperation[] };
  const byId = new Map<string, TrustedOperation>();
  for (const o of manifest.operations) {
    // Two systems may register the same document: each of them may run it.
    const known = byId.get(o.id);
    byId.set(o.id, { ...(known ?? o), systems: new Set([...(known?.systems ?? []), o.system]) });
  }
  return byId;
}

/** The systems that register operations (for checking a key's systems). */
export function systemsOf(manifest: Map<string, TrustedOperation>): string[] {
  return [...new Set([...manifest.values()].flatMap((o) => [...o.systems]))].sort();
}
