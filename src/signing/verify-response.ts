// Checking a signed response (response-signature.ts) with the platform's public key: the detached
// JWS over the exact body bytes, and, when the request is given, that it is the request signed for.
import type { KeyObject } from "node:crypto";
import { decodeProtectedHeader, flattenedVerify } from "jose";
import { requestHash, SIGNED_RESPONSE_TYPE, type ResponseClaims } from "./response-signature.ts";

export type ResponseVerdict = { ok: true; claims: ResponseClaims; keyId: string | null } | { ok: false; reason: string };

export async function verifySignedResponse(
  body: Uint8Array,
  signature: string,
  keys: readonly { key: KeyObject; keyId: string | null }[],
  request?: { method: string; path: string; params: unknown },
): Promise<ResponseVerdict> {
  const parts = signature.trim().split(".");
  if (parts.length !== 3 || parts[1] !== "") return { ok: false, reason: "the signature is not a detached compact JWS (<protected header>..<signature>)" };
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(signature.trim()) as Record<string, unknown>;
  } catch (error) {
    return { ok: false, reason: `the signature's header cannot be read: ${(error as Error).message}` };
  }
  if (header.typ !== SIGNED_RESPONSE_TYPE || header.alg !== "EdDSA" || header.b64 !== false) return { ok: false, reason: "not a signed response of this platform (typ, alg or b64 differ)" };
  const candidates = keys.filter((k) => !k.keyId || k.keyId === header.kid);
  if (!candidates.length) return { ok: false, reason: `signed with key ${String(header.kid)}, which is not among the keys given` };
  for (const k of candidates) {
    try {
      await flattenedVerify({ protected: parts[0]!, payload: body, signature: parts[2]! }, k.key, { algorithms: ["EdDSA"] });
      const claims = header as unknown as ResponseClaims;
      if (request && requestHash(request.method, request.path, request.params) !== claims.requestHash) {
        return { ok: false, reason: "the signature is valid, but for another request (its request hash differs from the request given)" };
      }
      return { ok: true, claims: { requestHash: claims.requestHash, requestId: claims.requestId, principal: claims.principal, at: claims.at, status: claims.status, auditEntryIds: claims.auditEntryIds }, keyId: (header.kid as string) ?? null };
    } catch {
      /* the next key, if any */
    }
  }
  return { ok: false, reason: "the signature does not match the body: the body was changed, or it was not signed by the platform's key" };
}
