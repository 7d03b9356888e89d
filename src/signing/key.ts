// The platform's Ed25519 signing key, held outside the database (AUDIT_SIGNING_KEY_FILE, a PKCS#8
// PEM file): it signs the audit log's checkpoints (src/access/audit/checkpoint.ts) and the signed
// responses (response-signature.ts). Someone who can rewrite the database cannot forge either.
// When the file is missing it is generated (mode 0600) and the server says so in its log: fine for
// development and demos; in production provision it, back it up and keep it off the database host.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { calculateJwkThumbprint, exportJWK, type JWK } from "jose";

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** RFC 7638 thumbprint of the public JWK: names the key in checkpoints and JWS headers */
  keyId: string;
  /** the public key as a JWK (published at /.well-known/deleveraging-graph-keys) */
  publicJwk: JWK;
  /** where it came from, for the log */
  source: string;
  generated: boolean;
}

async function fromPrivate(privateKey: KeyObject, source: string, generated: boolean): Promise<SigningKey> {
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`${source}: the signing key must be an Ed25519 private key (PKCS#8 PEM), found ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  const jwk = await exportJWK(publicKey);
  const keyId = await calculateJwkThumbprint(jwk, "sha256");
  return { privateKey, publicKey, keyId, publicJwk: { ...jwk, kid: keyId, alg: "EdDSA", use: "sig" }, source, generated };
}

/** Reads the key file, or generates it there when missing; with no path, a key for this process only. */
export async function loadSigningKey(path: string | null): Promise<SigningKey> {
  if (path && existsSync(path)) return fromPrivate(createPrivateKey(readFileSync(path, "utf8")), path, false);
  const { privateKey } = generateKeyPairSync("ed25519");
  if (!path) return fromPrivate(privateKey, "a key generated for this process (DATA_DIR=memory)", true);
  mkdirSync(dirname(path), { recursive: true });
  // Written aside, then linked into place: two processes starting at once agree on one key.
  const aside = `${path}.${process.pid}.tmp`;
  writeFileSync(aside, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  try {
    linkSync(aside, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return fromPrivate(createPrivateKey(readFileSync(path, "utf8")), path, false);
  } finally {
    rmSync(aside, { force: true });
  }
  return fromPrivate(privateKey, path, true);
}

/** A public key from a file: a JWK, a JWK set (the /.well-known document), or an SPKI PEM. */
export function readPublicKey(path: string): { key: KeyObject; keyId: string | null }[] {
  const text = readFileSync(path, "utf8").trim();
  if (text.startsWith("-----BEGIN")) {
    const key = text.includes("PRIVATE KEY") ? createPublicKey(createPrivateKey(text)) : createPublicKey(text);
    return [{ key, keyId: null }];
  }
  const json = JSON.parse(text) as JWK | { keys: JWK[] };
  const jwks = "keys" in json ? json.keys : [json];
  return jwks.map((jwk) => ({ key: createPublicKey({ key: jwk as import("node:crypto").JsonWebKey, format: "jwk" }), keyId: jwk.kid ?? null }));
}
