// Signed responses (issue 10, item 9): on request (header `Prefer: signed`, or `"extensions":
// { "signed": true }` in the request), a /graphql response carries a detached JWS (RFC 7515
// appendix F; RFC 7797 unencoded payload, b64:false) in the `Response-Signature` header: Ed25519
// ("EdDSA") over the exact bytes of the body, with, in its protected header, the request's hash,
// the principal, the time and the ids of the audit entries the operation wrote. A recipient keeps
// body and header and can prove to anyone holding the platform's public key
// (/.well-known/deleveraging-graph-keys) what the platform answered, to whom and when
// (`npm run response:verify`). Signed in Fastify's onSend hook: the payload there is the body as
// it goes on the wire. `jose` (dependency-free, maintained) makes and checks the JWS.
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { FlattenedSign } from "jose";
import { canonicalJson } from "../access/audit/chain.ts";
import { principalOf } from "../limits/errors.ts";
import type { Logger } from "../logger.ts";
import { evidenceOf } from "./evidence.ts";
import type { SigningKey } from "./key.ts";

export const SIGNATURE_HEADER = "response-signature";
/** the protected header's `typ` */
export const SIGNED_RESPONSE_TYPE = "deleveraging-graph-response+jws";

/** What the protected header says besides the algorithm and key. */
export interface ResponseClaims {
  /** SHA-256 (hex) of the request's canonical JSON: method, path, and the parsed body (POST) or query string parameters (GET) */
  requestHash: string;
  requestId: string;
  principal: { agency: string; countyCode: string | null; name: string; keyPrefix: string | null } | null;
  /** ISO 8601, when the response was signed */
  at: string;
  status: number;
  /** the audit entries the response's operations wrote (none when it carried no data) */
  auditEntryIds: string[];
}

/** The canonical request a request hash is computed over (the recipient recomputes it from what it sent). */
export function canonicalRequest(method: string, path: string, params: unknown): string {
  return canonicalJson({ method: method.toUpperCase(), path, params: params ?? null });
}

export const requestHash = (method: string, path: string, params: unknown): string => createHash("sha256").update(canonicalRequest(method, path, params)).digest("hex");

/** `Prefer: signed` (RFC 7240; among other preferences too), or a request's `extensions.signed`. */
function wantsSignature(request: FastifyRequest): boolean {
  const prefer = request.headers.prefer;
  const preferences = (Array.isArray(prefer) ? prefer.join(",") : prefer ?? "").split(",").map((p) => p.split(";")[0]!.trim().toLowerCase());
  if (preferences.includes("signed")) return true;
  const flagged = (params: unknown): boolean => {
    if (!params || typeof params !== "object") return false;
    let ext = (params as { extensions?: unknown }).extensions;
    if (typeof ext === "string") {
      try {
        ext = JSON.parse(ext);
      } catch {
        return false;
      }
    }
    return !!ext && typeof ext === "object" && (ext as { signed?: unknown }).signed === true;
  };
  const params = request.method === "GET" ? request.query : request.body;
  return Array.isArray(params) ? params.some(flagged) : flagged(params);
}

const hashes = new WeakMap<object, string>();

export function registerResponseSigning(app: FastifyInstance, options: { key: SigningKey; path: string; logger: Logger }): void {
  const { key, path } = options;
  // The request as parsed, before the handler fills registered documents into it.
  app.addHook("preHandler", async (request) => {
    if (request.routeOptions.url !== path || request.method === "OPTIONS" || !wantsSignature(request)) return;
    const params = request.method === "GET" ? request.query : request.body;
    hashes.set(request, requestHash(request.method, path, params));
  });
  app.addHook("onSend", async (request, reply, payload) => {
    if (request.routeOptions.url !== path || !wantsSignature(request)) return payload;
    // A streamed body (none today on /graphql) cannot be signed before it is sent.
    if (typeof payload !== "string" && !Buffer.isBuffer(payload)) return payload;
    const body = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
    const p = principalOf(request);
    const claims: ResponseClaims = {
      requestHash: hashes.get(request) ?? requestHash(request.method, path, request.method === "GET" ? request.query : request.body),
      requestId: request.id,
      principal: p ? { agency: p.agency, countyCode: p.countyCode, name: p.name, keyPrefix: p.keyPrefix } : null,
      at: new Date().toISOString(),
      status: reply.statusCode,
      auditEntryIds: evidenceOf(request)?.auditEntryIds ?? [],
    };
    const jws = await new FlattenedSign(body)
      .setProtectedHeader({ alg: "EdDSA", kid: key.keyId, typ: SIGNED_RESPONSE_TYPE, b64: false, crit: ["b64"], ...claims })
      .sign(key.privateKey);
    // Detached compact form: protected header, empty payload, signature.
    reply.header(SIGNATURE_HEADER, `${jws.protected}..${jws.signature}`);
    reply.header("preference-applied", "signed");
    return body;
  });
  // The public key, for recipients and for the audit log's checkpoints.
  app.get("/.well-known/deleveraging-graph-keys", async (_request, reply) => {
    reply.header("cache-control", "public, max-age=300");
    return { keys: [key.publicJwk] };
  });
}
