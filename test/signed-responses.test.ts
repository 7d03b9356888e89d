// Signed responses (issue 10, item 9): asked for with `Prefer: signed` or `extensions.signed`, a
// response carries a detached EdDSA JWS over its exact body bytes, naming the request's hash, the
// principal, the time and the audit entry; `npm run response:verify` accepts it and refuses the
// body with one byte changed.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "dlg-signed-"));
  server = await startTestServer({ scale: 0.1, env: { AUDIT_SIGNING_KEY_FILE: join(dir, "signing-key.pem") } });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const LOANS = `query SignedLoans { loans(first: 2) { nodes { id contractNo amount } } }`;

async function post(body: unknown, headers: Record<string, string> = {}, as = "PBOC") {
  const requestBody = JSON.stringify(body);
  const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${server.keys[as]}`, ...headers }, body: requestBody });
  return { res, bytes: Buffer.from(await res.arrayBuffer()), requestBody };
}

function verifyCli(files: { body: string; signature: string; key: string; request?: string }) {
  const args = ["--body", files.body, "--signature", files.signature, "--key", files.key, ...(files.request ? ["--request", files.request] : [])];
  return spawnSync(process.execPath, ["--import", "tsx", "src/cli/response-verify.ts", ...args], { encoding: "utf8", timeout: 120_000 });
}

describe("signed responses", () => {
  it("signs the exact body on Prefer: signed; response:verify accepts it and refuses a changed byte", { timeout: 180_000 }, async () => {
    const { res, bytes, requestBody } = await post({ query: LOANS }, { prefer: "signed" });
    expect(res.status).toBe(200);
    expect(res.headers.get("preference-applied")).toBe("signed");
    const signature = res.headers.get("response-signature")!;
    expect(signature).toMatch(/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/);
    const header = JSON.parse(Buffer.from(signature.split(".")[0]!, "base64url").toString());
    const entry = (await server.gql(`{ auditEntries(first: 10) { id requestId } }`, {}, "PBOC")).body.data!.auditEntries.find((e: { requestId: string }) => e.requestId === res.headers.get("x-request-id"));
    expect(header).toMatchObject({ alg: "EdDSA", b64: false, crit: ["b64"], requestId: res.headers.get("x-request-id"), status: 200, principal: { agency: "PBOC" }, auditEntryIds: [entry.id] });

    const keys = await (await fetch(`${server.origin}/.well-known/deleveraging-graph-keys`)).text();
    const files = { body: join(dir, "body.json"), signature: join(dir, "signature.txt"), key: join(dir, "keys.json"), request: join(dir, "request.json") };
    await writeFile(files.body, bytes);
    await writeFile(files.signature, signature);
    await writeFile(files.key, keys);
    await writeFile(files.request, requestBody);
    const ok = verifyCli(files);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^signature valid \(key [\w-]+\): the platform answered PBOC .* at \d{4}-\d\d-\d\dT.* with HTTP 200/);
    expect(ok.stdout).toContain(`audit entries: ${entry.id}`);
    expect(ok.stdout).toContain("(matches the request given)");

    // One byte of the body changed (a digit of an amount, say): refused.
    const changed = Buffer.from(bytes);
    const at = changed.indexOf(Buffer.from('"amount":"')) + 10;
    changed[at] = changed[at] === 0x31 ? 0x32 : 0x31;
    await writeFile(join(dir, "changed.json"), changed);
    const refused = verifyCli({ ...files, body: join(dir, "changed.json") });
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toBe("signature NOT valid: the signature does not match the body: the body was changed, or it was not signed by the platform's key");

    // The signature is for this request, not another.
    await writeFile(join(dir, "other-request.json"), JSON.stringify({ query: LOANS, variables: { x: 1 } }));
    const otherRequest = verifyCli({ ...files, request: join(dir, "other-request.json") });
    expect(otherRequest.status).toBe(1);
    expect(otherRequest.stderr).toMatch(/for another request/);
  });

  it("signs on the request's extensions flag too, and not unless asked", async () => {
    const flagged = await post({ query: LOANS, extensions: { signed: true } });
    expect(flagged.res.headers.get("response-signature")).toMatch(/\.\./);
    const plain = await post({ query: LOANS });
    expect(plain.res.headers.get("response-signature")).toBeNull();
    expect(plain.res.headers.get("preference-applied")).toBeNull();
    // A refusal is signed as well (what the platform answered, and that it carried no data).
    const refused = await post({ query: `{ loans(first: 1) { nodes { amount } } }` }, { prefer: "return=minimal, signed" }, "DEVELOPMENT_REFORM");
    const header = JSON.parse(Buffer.from(refused.res.headers.get("response-signature")!.split(".")[0]!, "base64url").toString());
    expect(header.principal).toMatchObject({ agency: "DEVELOPMENT_REFORM" });
  });
});
