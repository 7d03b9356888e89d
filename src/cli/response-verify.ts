// npm run response:verify: checks a signed response (Prefer: signed) offline, with the platform's
// public key: that the body is byte for byte what the platform signed, and for whom and when.
import { readFileSync } from "node:fs";
import { fail, parseCommandLine, say } from "./command-line.ts";
import { readPublicKey } from "../signing/key.ts";
import { verifySignedResponse } from "../signing/verify-response.ts";

const { values } = parseCommandLine({
  usage: `npm run response:verify -- --body <file> --signature <file> --key <file> [--request <file>]

Verifies a signed response of the platform (requested with the header \`Prefer: signed\` or
"extensions": { "signed": true }) and prints what it attests: the principal, the time, the
request's hash and the audit entries. Exit 0: authentic; 1: not.
  --body <file>       the response body exactly as received (bytes)
  --signature <file>  the Response-Signature header's value (a detached JWS)
  --key <file>        the platform's public key: /.well-known/deleveraging-graph-keys (JWK set), a JWK, or a PEM
  --request <file>    optional: the request's JSON body as sent (POST to /graphql), to check it is the one signed for`,
  options: { body: { type: "string" }, signature: { type: "string" }, key: { type: "string" }, request: { type: "string" } },
});

const need = (flag: "body" | "signature" | "key"): string => {
  const v = values[flag];
  if (typeof v !== "string") fail(say("cli.fileRequired", { flag }), 2);
  return v;
};
const readBytes = (flag: string, path: string): Buffer => {
  try {
    return readFileSync(path);
  } catch (error) {
    return fail(say("cli.unreadable", { flag: `--${flag}`, path, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message }), 2);
  }
};
const body = readBytes("body", need("body"));
const signature = readBytes("signature", need("signature")).toString("utf8");
let keys;
try {
  keys = readPublicKey(need("key"));
} catch (error) {
  fail(say("cli.notPublicKey", { path: String(values.key), reason: (error as Error).message }), 2);
}
let request: { method: string; path: string; params: unknown } | undefined;
if (typeof values.request === "string") {
  try {
    request = { method: "POST", path: "/graphql", params: JSON.parse(readBytes("request", values.request).toString("utf8")) };
  } catch (error) {
    fail(say("cli.notJson", { flag: "--request", path: values.request, reason: (error as Error).message }), 2);
  }
}
const verdict = await verifySignedResponse(body, signature, keys, request);
if (!verdict.ok) fail(say("cli.responseVerify.invalid", { reason: verdict.reason }));
const c = verdict.claims;
const who = c.principal ? `${c.principal.agency}${c.principal.countyCode ? ` (${c.principal.countyCode})` : ""} ${c.principal.name}${c.principal.keyPrefix ? ` key ${c.principal.keyPrefix}` : ""}` : "an unauthenticated caller";
console.log(`signature valid (key ${verdict.keyId}): the platform answered ${who} at ${c.at} with HTTP ${c.status}, ${body.length} bytes`);
console.log(`request ${c.requestId}, request hash ${c.requestHash}${request ? " (matches the request given)" : ""}`);
console.log(`audit entries: ${c.auditEntryIds.length ? c.auditEntryIds.join(", ") : "none (the response carried no data)"}`);
