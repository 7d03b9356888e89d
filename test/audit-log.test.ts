// The audit's transparency log over HTTP (issue 10, item 8): signed checkpoints every agency may
// fetch, inclusion proofs for its own entries only, consistency proofs between checkpoints, and
// the tamper table: an export altered, inserted into, reordered, cut in the middle or at the end
// is refused by `npm run audit:verify` offline, against the checkpoints an agency kept.
import { spawnSync } from "node:child_process";
import { createPublicKey, verify as verifySignature } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { leafHash, verifyConsistency, verifyInclusion } from "../src/access/audit/merkle.ts";
import { leafData } from "../src/access/audit/leaf.ts";
import { checkpointText, type Checkpoint } from "../src/access/audit/checkpoint.ts";
import { contentHash } from "../src/access/audit/chain.ts";
import type { ExportEntry } from "../src/access/audit/offline.ts";
import { COLUMNS } from "../src/access/policy/matrix.ts";

let server: TestServer;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "dlg-audit-log-"));
  // A checkpoint after every sealed batch, so the test need not wait a minute for one.
  server = await startTestServer({ scale: 0.1, env: { AUDIT_CHECKPOINT_INTERVAL_MS: "0", AUDIT_SIGNING_KEY_FILE: join(dir, "signing-key.pem") } });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const LOANS = `query LogLoans($n: Int!) { loans(first: $n) { nodes { id amount } } }`;
const CHECKPOINT = `{ auditCheckpoint { origin treeSize rootHash at keyId signature text } }`;
const hex = (h: string) => Buffer.from(h, "hex");

/** Reads as `as` and returns the entry's id once a checkpoint covers it. */
async function readAndCheckpoint(as: string): Promise<{ entryId: string; checkpoint: Checkpoint }> {
  const res = await server.gql(LOANS, { n: 2 }, as);
  expect(res.status).toBe(200);
  const requestId = res.headers.get("x-request-id")!;
  for (let i = 0; ; i++) {
    // (Every look is itself audited: the entry must stay within the page until the sealer has run.)
    const own = (await server.gql(`{ auditEntries(first: 300) { id requestId chainPosition } }`, {}, as)).body.data!.auditEntries as Array<{ id: string; requestId: string; chainPosition: string | null }>;
    const mine = own.find((e) => e.requestId === requestId);
    const checkpoint = (await server.gql(CHECKPOINT, {}, as)).body.data!.auditCheckpoint as (Checkpoint & { text: string }) | null;
    if (mine?.chainPosition && checkpoint && checkpoint.treeSize >= Number(mine.chainPosition)) return { entryId: mine.id, checkpoint };
    if (i > 500) throw new Error("no checkpoint covers the entry");
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function publicKey() {
  const res = await fetch(`${server.origin}/.well-known/deleveraging-graph-keys`);
  expect(res.status).toBe(200);
  const jwks = (await res.json()) as { keys: Array<Record<string, string>> };
  expect(jwks.keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA" });
  expect(jwks.keys[0]).not.toHaveProperty("d");
  return { jwks, key: createPublicKey({ key: jwks.keys[0]!, format: "jwk" }) };
}

describe("the audit's transparency log", () => {
  it("hands every agency signed checkpoints, and an inclusion proof of its own entries only", async () => {
    const { key, jwks } = await publicKey();
    const { entryId, checkpoint } = await readAndCheckpoint("PBOC");
    expect(checkpoint.keyId).toBe(jwks.keys[0]!.kid);
    expect((checkpoint as Checkpoint & { text: string }).text).toBe(checkpointText(checkpoint));
    expect(verifySignature(null, Buffer.from(checkpointText(checkpoint)), key, Buffer.from(checkpoint.signature, "base64"))).toBe(true);
    // Any other root or size would not carry that signature.
    expect(verifySignature(null, Buffer.from(checkpointText({ ...checkpoint, treeSize: checkpoint.treeSize + 1 })), key, Buffer.from(checkpoint.signature, "base64"))).toBe(false);

    const proof = await server.gql(
      `query($id: String!, $n: Int) { auditInclusionProof(entryId: $id, treeSize: $n) { entryId leafIndex treeSize leafHash rootHash proof checkpoint { signature } } }`,
      { id: entryId, n: checkpoint.treeSize },
      "PBOC",
    );
    const p = proof.body.data!.auditInclusionProof;
    expect(p).toMatchObject({ entryId, treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, checkpoint: { signature: checkpoint.signature } });
    // The leaf is the entry's own: its id and the hash of its content as listed.
    const entry = (await server.gql(`{ auditEntries(first: 50) { id contentHash } }`, {}, "PBOC")).body.data!.auditEntries.find((e: { id: string }) => e.id === entryId);
    expect(p.leafHash).toBe(leafHash(leafData(BigInt(entryId), entry.contentHash)).toString("hex"));
    expect(verifyInclusion(p.leafIndex, p.treeSize, hex(p.leafHash), p.proof.map(hex), hex(checkpoint.rootHash))).toBe(true);
    expect(verifyInclusion(p.leafIndex, p.treeSize, hex(p.leafHash), p.proof.map(hex), hex(checkpoint.rootHash.replace(/^./, (c) => (c === "0" ? "1" : "0"))))).toBe(false);

    // Another agency's entry is answered as one that does not exist.
    const other = await server.gql(`query($id: String!) { auditInclusionProof(entryId: $id) { rootHash } }`, { id: entryId }, "CBRC");
    const missing = await server.gql(`query($id: String!) { auditInclusionProof(entryId: $id) { rootHash } }`, { id: "999999999" }, "CBRC");
    expect(other.status).toBe(400);
    expect(other.body.errors![0]).toMatchObject({ message: `entryId: no audit entry ${entryId} that you may see`, extensions: { code: "BAD_USER_INPUT", field: "entryId" } });
    expect(missing.body.errors![0]!.message).toBe("entryId: no audit entry 999999999 that you may see");
    // A size the entry is not in, or beyond the log, is named.
    const small = await server.gql(`query($id: String!) { auditInclusionProof(entryId: $id, treeSize: 0) { rootHash } }`, { id: entryId }, "PBOC");
    expect(small.body.errors![0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "treeSize" } });
    expect(small.body.errors![0]!.message).toMatch(/^treeSize: a tree size must be between 1 and the log's current size/);
  });

  it("proves a later checkpoint consistent with an earlier one", async () => {
    const first = (await readAndCheckpoint("CBRC")).checkpoint;
    const second = (await readAndCheckpoint("CBRC")).checkpoint;
    expect(second.treeSize).toBeGreaterThan(first.treeSize);
    const res = await server.gql(`query($a: Int!, $b: Int!) { auditConsistencyProof(fromSize: $a, toSize: $b) { fromSize toSize fromRoot toRoot proof } }`, { a: first.treeSize, b: second.treeSize }, "CBRC");
    const c = res.body.data!.auditConsistencyProof;
    expect(c).toMatchObject({ fromRoot: first.rootHash, toRoot: second.rootHash });
    expect(verifyConsistency(first.treeSize, second.treeSize, c.proof.map(hex), hex(first.rootHash), hex(second.rootHash))).toBe(true);
    expect(verifyConsistency(first.treeSize, second.treeSize, c.proof.map(hex), hex(second.rootHash), hex(first.rootHash))).toBe(false);
    const backwards = await server.gql(`{ auditConsistencyProof(fromSize: ${second.treeSize}, toSize: ${first.treeSize}) { proof } }`, {}, "CBRC");
    expect(backwards.body.errors![0]).toMatchObject({ message: "fromSize must not be greater than toSize", extensions: { code: "BAD_USER_INPUT", field: "fromSize" } });
  });

  it("gives checkpoints and proofs to every column of the policy, the whole log's export to FINANCE_BUREAU alone", async () => {
    for (const column of COLUMNS) {
      const as = column === "COUNTY" ? "COUNTY:阳东区" : column;
      const res = await server.gql(`{ auditCheckpoints(first: 1) { treeSize } auditSigningKey { keyId } }`, {}, as);
      expect(res.body.errors, column).toBeUndefined();
      expect(res.body.data!.auditCheckpoints.length, column).toBe(1);
      const exported = await server.gql(`{ auditLogExport(first: 1) { treeSize } }`, {}, as);
      if (column === "FINANCE_BUREAU") expect(exported.body.data!.auditLogExport.treeSize).toBeGreaterThan(0);
      else expect(exported.body.errors![0]!.extensions).toMatchObject({ code: "GRAPHQL_VALIDATION_FAILED" });
    }
  });

  it("tamper table: audit:verify refuses an altered, inserted, reordered, middle-cut or tail-cut export once a later checkpoint was kept", { timeout: 300_000 }, async () => {
    const { jwks } = await publicKey();
    const earlier = (await readAndCheckpoint("PBOC")).checkpoint;
    for (let i = 0; i < 3; i++) await readAndCheckpoint("CBRC");
    const later = (await readAndCheckpoint("PBOC")).checkpoint;
    expect(later.treeSize).toBeGreaterThan(earlier.treeSize + 2);

    // The export, page by page over the graph (as npm run audit:export does through the operator).
    const lines: string[] = [];
    for (let from = 0; ; from += 50) {
      const page = (await server.gql(`query($f: Int!) { auditLogExport(fromIndex: $f, first: 50) { treeSize lines } }`, { f: from })).body.data!.auditLogExport;
      lines.push(...page.lines);
      if (lines.length - 1 >= page.treeSize) break;
    }
    const [header, ...entries] = lines;
    const parsed = entries.map((l) => JSON.parse(l) as ExportEntry);
    const keyFile = join(dir, "keys.json");
    await writeFile(keyFile, JSON.stringify(jwks));

    /** An attacker who controls the database rewrites entries consistently: content hashes recomputed, indices renumbered. */
    const rehash = (e: ExportEntry): ExportEntry => ({ ...e, contentHash: contentHash({ ...e.entry, at: new Date(e.entry.at), agency: e.entry.agency }) });
    const renumber = (list: ExportEntry[]) => list.map((e, i) => ({ ...e, index: i }));
    const k = earlier.treeSize - 2; // an entry both checkpoints cover
    const forged: ExportEntry = rehash({ ...parsed[k]!, id: "900000001", entry: { ...parsed[k]!.entry, principalName: "forged" } });
    const cases: Array<{ name: string; entries: ExportEntry[]; kept: Checkpoint[]; detected: boolean }> = [
      { name: "untouched", entries: parsed, kept: [earlier, later], detected: false },
      { name: "alter", entries: parsed.map((e, i) => (i === k ? rehash({ ...e, entry: { ...e.entry, principalName: "someone-else" } }) : e)), kept: [earlier, later], detected: true },
      { name: "insert", entries: renumber([...parsed.slice(0, k), forged, ...parsed.slice(k)]), kept: [earlier, later], detected: true },
      { name: "reorder", entries: renumber([...parsed.slice(0, k), parsed[k + 1]!, parsed[k]!, ...parsed.slice(k + 2)]), kept: [earlier, later], detected: true },
      { name: "delete-middle", entries: renumber([...parsed.slice(0, k), ...parsed.slice(k + 1)]), kept: [earlier, later], detected: true },
      { name: "delete-tail", entries: parsed.slice(0, later.treeSize - 2), kept: [earlier, later], detected: true },
      // What no kept checkpoint covers yet cannot be proven missing: the reason to keep them.
      { name: "delete-tail, only the earlier checkpoint kept", entries: parsed.slice(0, earlier.treeSize), kept: [earlier], detected: false },
    ];
    const table: string[] = ["| tamper | kept checkpoints (sizes) | audit:verify | detected |", "|---|---|---|---|"];
    for (const c of cases) {
      const exportFile = join(dir, `export-${c.name.replace(/\W+/g, "-")}.jsonl`);
      const keptFile = join(dir, `kept-${c.name.replace(/\W+/g, "-")}.json`);
      const head = { ...JSON.parse(header!), treeSize: c.entries.length };
      await writeFile(exportFile, [JSON.stringify(head), ...c.entries.map((e) => JSON.stringify(e))].join("\n") + "\n");
      await writeFile(keptFile, JSON.stringify(c.kept));
      const run = spawnSync(process.execPath, ["--import", "tsx", "src/cli/audit-verify.ts", "--export", exportFile, "--checkpoints", keptFile, "--key", keyFile], { encoding: "utf8", timeout: 120_000 });
      const detected = run.status === 1;
      const firstLine = (detected ? run.stderr.split("\n")[1] ?? run.stderr : run.stdout).trim().replace(/\|/g, "/");
      table.push(`| ${c.name} | ${c.kept.map((x) => x.treeSize).join(", ")} | ${firstLine} | ${detected ? "yes" : "no"} |`);
      expect(run.status, `${c.name}: ${run.stdout}${run.stderr}`).toBe(c.detected ? 1 : 0);
    }
    console.log(`\n${table.join("\n")}\n`);
  });
});
