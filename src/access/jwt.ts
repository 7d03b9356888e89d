// Optional JWT bearer tokens (e.g. from a government single-sign-on), verified with jose against
// the configured issuer, audience and key, and mapped to the same principals as API keys:
//   agency (required), county (for COUNTY, and only for it: one of the counties of the reference
//   data, never the city), sub (the system or user name), kind (SYSTEM | USER, required: a token
//   that does not say which would otherwise decide whether trusted operations apply), exp
//   (required: a token that never expires cannot be withdrawn), systems (optional, a list of folder
//   names under clients/: the registered operations a SYSTEM token may run, as ApiKey.systems).
// Anything else is refused (401), never mapped to a default.
import { readFileSync } from "node:fs";
import { createLocalJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import { createPublicKey, createSecretKey, type KeyObject } from "node:crypto";
import { Agency, PrincipalKind } from "../generated/prisma/enums.ts";
import type { Principal } from "./principal.ts";

export interface JwtConfig {
  issuer: string;
  audience: string;
  /** PEM public key file (RS256, ES256, EdDSA) */
  publicKeyFile?: string;
  /** JWKS file (a JSON key set) */
  jwksFile?: string;
  /** shared secret for HS256 */
  secret?: string;
}

// The data model's enums, not second lists that could drift from them.
const AGENCIES = new Set<string>(Object.values(Agency));
const KINDS = new Set<string>(Object.values(PrincipalKind));

export const looksLikeJwt = (token: string) => /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/.test(token);

/** `counties`: the division codes a COUNTY token may name (src/reference/counties.ts). */
export function jwtVerifier(config: JwtConfig, counties: ReadonlySet<string>): (token: string) => Promise<Principal | null> {
  let key: KeyObject | JWTVerifyGetKey;
  if (config.jwksFile) key = createLocalJWKSet(JSON.parse(readFileSync(config.jwksFile, "utf8")));
  else if (config.publicKeyFile) key = createPublicKey(readFileSync(config.publicKeyFile, "utf8"));
  else key = createSecretKey(Buffer.from(config.secret!, "utf8"));
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key as never, { issuer: config.issuer, audience: config.audience, clockTolerance: 30, requiredClaims: ["exp"] });
      const { agency, county, kind } = payload;
      if (typeof agency !== "string" || !AGENCIES.has(agency)) return null;
      if (agency === "COUNTY" ? typeof county !== "string" || !counties.has(county) : county != null) return null;
      if (typeof kind !== "string" || !KINDS.has(kind)) return null;
      const systems = payload.systems ?? [];
      if (!Array.isArray(systems) || !systems.every((s) => typeof s === "string")) return null;
      return {
        agency: agency as Agency,
        countyCode: agency === "COUNTY" ? (county as string) : null,
        name: typeof payload.sub === "string" ? payload.sub : "jwt",
        kind: kind as PrincipalKind,
        keyPrefix: `jwt:${config.issuer}`.slice(0, 64),
        systems: systems as string[],
      };
    } catch {
      return null;
    }
  };
}
