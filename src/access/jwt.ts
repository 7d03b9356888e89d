// Optional JWT bearer tokens (e.g. from a government single-sign-on), verified with jose against
// the configured issuer, audience and key, and mapped to the same principals as API keys:
//   agency (required), county (for COUNTY), sub (the system or user name), kind (SYSTEM | USER).
import { readFileSync } from "node:fs";
import { createLocalJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import { createPublicKey, createSecretKey, type KeyObject } from "node:crypto";
import type { Agency } from "../generated/prisma/client.ts";
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

const AGENCIES = new Set<string>([
  "FINANCE_BUREAU", "PBOC", "CBRC", "DEVELOPMENT_REFORM", "FISCAL", "INSURANCE_ASSOC", "COMMERCE",
  "INDUSTRY_IT", "PUBLIC_SECURITY", "MARKET_REGULATION", "COUNTY", "CREDIT_PLATFORM",
]);

export const looksLikeJwt = (token: string) => /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/.test(token);

export function jwtVerifier(config: JwtConfig): (token: string) => Promise<Principal | null> {
  let key: KeyObject | JWTVerifyGetKey;
  if (config.jwksFile) key = createLocalJWKSet(JSON.parse(readFileSync(config.jwksFile, "utf8")));
  else if (config.publicKeyFile) key = createPublicKey(readFileSync(config.publicKeyFile, "utf8"));
  else key = createSecretKey(Buffer.from(config.secret!, "utf8"));
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key as never, { issuer: config.issuer, audience: config.audience, clockTolerance: 30 });
      const agency = payload.agency;
      const county = typeof payload.county === "string" ? payload.county : null;
      if (typeof agency !== "string" || !AGENCIES.has(agency) || (agency === "COUNTY") !== Boolean(county)) return null;
      if (county && !/^\d{6}$/.test(county)) return null;
      return {
        agency: agency as Agency,
        countyCode: county,
        name: typeof payload.sub === "string" ? payload.sub : "jwt",
        kind: payload.kind === "SYSTEM" ? "SYSTEM" : "USER",
        keyPrefix: `jwt:${config.issuer}`.slice(0, 64),
      };
    } catch {
      return null;
    }
  };
}
