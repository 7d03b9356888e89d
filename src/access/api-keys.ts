// API keys: `dlg_<prefix>_<secret>`. Only the SHA-256 of the whole key is stored, with the prefix
// in clear so keys can be listed and told apart without revealing them.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Agency, PrincipalKind } from "../generated/prisma/client.ts";
import type { DbClient } from "../db/database.ts";
import type { Principal } from "./principal.ts";
import { loadManifest, systemsOf } from "../operations/manifest.ts";
import { t, type MessageKey, type MessageParams } from "../i18n/index.ts";

export const KEY_PATTERN = /^dlg_([0-9a-f]{8})_([A-Za-z0-9_-]{32,64})$/;

export const hashApiKey = (key: string): string => createHash("sha256").update(key, "utf8").digest("hex");

export function generateApiKey(): { key: string; prefix: string } {
  const id = randomBytes(4).toString("hex");
  const secret = randomBytes(24).toString("base64url");
  return { key: `dlg_${id}_${secret}`, prefix: `dlg_${id}` };
}

export interface NewApiKey {
  agency: Agency;
  countyCode?: string | null;
  name: string;
  kind: PrincipalKind;
  createdBy: string;
  expiresAt?: Date | null;
  /** the systems (clients/<system>/) whose registered operations it may run (SYSTEM keys) */
  systems?: readonly string[];
}

/** Creates a key and returns the only copy of its secret. */
export async function createApiKey(prisma: DbClient, input: NewApiKey): Promise<{ key: string; id: number; prefix: string }> {
  if ((input.agency === "COUNTY") !== Boolean(input.countyCode)) {
    throw new Error("a county-government key needs a county code, and only such a key may have one");
  }
  const { key, prefix } = generateApiKey();
  const row = await prisma.apiKey.create({
    data: {
      prefix,
      secretHash: hashApiKey(key),
      agency: input.agency,
      countyCode: input.countyCode ?? null,
      name: input.name,
      kind: input.kind,
      createdBy: input.createdBy,
      expiresAt: input.expiresAt ?? null,
      systems: [...(input.systems ?? [])],
    },
  });
  return { key, id: row.id, prefix };
}

/** The columns of a key that decide whom it stands for, and whether it still does. */
export interface KeyRow {
  prefix: string;
  secretHash: string;
  agency: Agency;
  countyCode: string | null;
  name: string;
  kind: PrincipalKind;
  expiresAt: Date | null;
  revokedAt: Date | null;
  systems: string[];
}

/** The principal a key row stands for now, or null (revoked, expired, or not this secret). */
export function principalOfKey(row: KeyRow | null, presented: string, now: Date): Principal | null {
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  // Look up by prefix, then compare hashes in constant time: the lookup itself leaks nothing secret.
  const expected = Buffer.from(row.secretHash, "hex");
  const actual = Buffer.from(hashApiKey(presented), "hex");
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  return { agency: row.agency, countyCode: row.countyCode, name: row.name, kind: row.kind, keyPrefix: row.prefix, systems: row.systems };
}

/**
 * The principal a presented key stands for, or null if it is malformed, unknown, revoked or
 * expired, read from the database (the server reads through its cache, directory.ts).
 */
export async function resolveApiKey(prisma: DbClient, presented: string, now = new Date()): Promise<Principal | null> {
  const match = KEY_PATTERN.exec(presented);
  if (!match) return null;
  return principalOfKey(await prisma.apiKey.findUnique({ where: { prefix: `dlg_${match[1]}` } }), presented, now);
}

/**
 * Sets a key's last use to `now` unless another process wrote one within `everyMs` (the
 * condition is in the UPDATE, so several server processes write it about once a minute too).
 */
export async function noteKeyUse(prisma: DbClient, prefix: string, now: Date, everyMs: number): Promise<void> {
  await prisma.apiKey.updateMany({
    where: { prefix, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - everyMs) } }] },
    data: { lastUsedAt: now },
  });
}

/** Extracts the token from `Authorization: Bearer <token>`; null when absent or another scheme. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** Revokes a key at once; returns false when no such key (or already revoked). */
export async function revokeApiKey(prisma: DbClient, prefix: string, now = new Date()): Promise<boolean> {
  const result = await prisma.apiKey.updateMany({ where: { prefix, revokedAt: null }, data: { revokedAt: now } });
  return result.count > 0;
}

/** Issues a new key for the same principal and revokes the old one. */
export async function rotateApiKey(prisma: DbClient, prefix: string, rotatedBy: string): Promise<{ key: string; id: number; prefix: string } | null> {
  const old = await prisma.apiKey.findUnique({ where: { prefix } });
  if (!old || old.revokedAt) return null;
  const fresh = await createApiKey(prisma, { agency: old.agency, countyCode: old.countyCode, name: old.name, kind: old.kind, createdBy: rotatedBy, expiresAt: old.expiresAt, systems: old.systems });
  await revokeApiKey(prisma, prefix);
  return fresh;
}

export interface KeyInputIssue {
  field: "county" | "name" | "systems";
  rule: string;
  /** English, as the CLI prints it */
  message: string;
  /** the catalogue entry, when there is one: the GraphQL mutations render it in the request's language */
  key?: MessageKey;
  params?: MessageParams;
}

/** An issue of a key's input: English for the CLI (`message`), its entry for the graph. */
const keyIssue = (field: KeyInputIssue["field"], rule: string, key: MessageKey, params?: MessageParams): KeyInputIssue => ({ field, rule, message: t("en", key, params), key, ...(params ? { params } : {}) });

/**
 * Checks whom a new key is for (the graph's createApiKey and `npm run keys -- create` alike): the
 * county, given as a division code (441704) or a name (阳东区) as in the graph's filters, becomes
 * its code. A county key needs a county, and only a county key may have one.
 */
export async function checkNewKey(
  prisma: DbClient,
  input: { agency: Agency; county?: string | null; name: string; kind?: PrincipalKind | null; systems?: readonly string[] | null },
): Promise<{ countyCode: string | null; issues: KeyInputIssue[] }> {
  const issues: KeyInputIssue[] = [];
  let countyCode: string | null = null;
  const county = input.county?.trim() || null;
  if ((input.agency === "COUNTY") !== Boolean(county)) {
    issues.push(keyIssue("county", "county", "apiKey.countyOnlyCounty"));
  } else if (county) {
    const row = await prisma.county.findFirst({ where: { isCity: false, ...(/^\d{6}$/.test(county) ? { code: county } : { name: county }) }, select: { code: true } });
    if (row) countyCode = row.code;
    else issues.push(keyIssue("county", "exists", "apiKey.unknownCounty", { county }));
  }
  if (!/^[\w.-]{2,64}$/.test(input.name)) issues.push(keyIssue("name", "format", "apiKey.nameFormat"));
  issues.push(...checkKeySystems(input.kind ?? "SYSTEM", input.systems ?? []));
  return { countyCode, issues };
}

/** A key runs the registered operations of the systems it is bound to: only a SYSTEM key is, and each system must register some. */
export function checkKeySystems(kind: PrincipalKind, systems: readonly string[]): KeyInputIssue[] {
  const issues: KeyInputIssue[] = [];
  if (!systems.length) return issues;
  const known = systemsOf(loadManifest());
  if (kind !== "SYSTEM") issues.push(keyIssue("systems", "systemKey", "apiKey.systemsNeedSystemKey"));
  for (const system of systems) {
    if (!known.includes(system)) {
      issues.push(keyIssue("systems", "exists", "operations.unknownSystem", { system, known: known.join(", ") }));
    }
  }
  return issues;
}
