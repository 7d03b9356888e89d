// What every request needs to know about access before it runs — the API key's principal, the
// policy overrides, the principal's grants — held in memory, so a request's fixed cost is no SQL
// at all (and the reference data, counties, read once). Each cache is dropped the moment its table changes, in any process (access-changes.ts).
//
// Correctness rules:
// - expiry is checked on every request against the real clock (a key's expiresAt, a grant's
//   validFrom/validUntil): a cached row is never trusted to still be valid;
// - a load that started before an invalidation is not stored (each table has a generation number,
//   bumped by every invalidation; a load stores its result only if the generation is unchanged),
//   so a read that raced a change can never put the old value back;
// - while the change feed is not live (its connection is down, notifications may be missed) the
//   caches are bypassed and every request reads the database, as it did before caching.
import type { AccessGrant, PrismaClient } from "../generated/prisma/client.ts";
import { KEY_PATTERN, principalOfKey, type KeyRow } from "./api-keys.ts";
import type { AccessChange, AccessChangeFeed, AccessTopic } from "./access-changes.ts";
import type { Principal } from "./principal.ts";
import type { AccessState } from "./policy/decide.ts";
import type { Sharing } from "./policy/matrix.ts";

/** The newest override per cell. */
export async function readOverrides(prisma: PrismaClient): Promise<Map<string, Sharing>> {
  const rows = await prisma.$queryRawUnsafe<{ resource: string; principal: string; sharing: Sharing }[]>(
    "SELECT DISTINCT ON (resource, principal) resource, principal, sharing::text AS sharing FROM policy_override ORDER BY resource, principal, id DESC",
  );
  return new Map(rows.map((o) => [`${o.resource}|${o.principal}`, o.sharing]));
}

const grantOwner = (principal: Pick<Principal, "agency" | "countyCode">) => `${principal.agency}|${principal.agency === "COUNTY" ? principal.countyCode : ""}`;

/** Every grant of the principal not revoked and not yet over (validity is checked per request). */
async function readGrants(prisma: PrismaClient, principal: Pick<Principal, "agency" | "countyCode">, now: Date): Promise<AccessGrant[]> {
  return prisma.accessGrant.findMany({
    where: { agency: principal.agency, countyCode: principal.agency === "COUNTY" ? principal.countyCode : null, revokedAt: null, validUntil: { gt: now } },
  });
}

/** Keys presented that do not exist are not cached (a guessed prefix must not grow memory), existing ones are, up to this many. */
const MAX_KEYS = 10_000;

export class AccessDirectory {
  readonly #prisma: PrismaClient;
  readonly #feed: AccessChangeFeed;
  readonly #generation: Record<AccessTopic, number> = { api_key: 0, access_grant: 0, policy_override: 0 };
  readonly #keys = new Map<string, KeyRow>();
  readonly #grants = new Map<string, AccessGrant[]>();
  #overrides: Map<string, Sharing> | null = null;
  readonly #unsubscribe: () => void;

  constructor(prisma: PrismaClient, feed: AccessChangeFeed) {
    this.#prisma = prisma;
    this.#feed = feed;
    this.#unsubscribe = feed.subscribe((change) => this.#invalidate(change));
  }

  get feed(): AccessChangeFeed {
    return this.#feed;
  }

  #invalidate(change: AccessChange): void {
    if (change === "*" || change === "api_key") {
      this.#generation.api_key++;
      this.#keys.clear();
    }
    if (change === "*" || change === "access_grant") {
      this.#generation.access_grant++;
      this.#grants.clear();
    }
    if (change === "*" || change === "policy_override") {
      this.#generation.policy_override++;
      this.#overrides = null;
    }
  }

  /** A change this process committed (after the commit): dropped here at once, announced to the others. */
  changed(topics: readonly AccessTopic[]): void {
    if (topics.length) this.#feed.changed(topics);
  }

  /** The principal of a presented API key, or null if it is malformed, unknown, revoked or expired. */
  async resolveKey(presented: string, now = new Date()): Promise<Principal | null> {
    const match = KEY_PATTERN.exec(presented);
    if (!match) return null;
    const prefix = `dlg_${match[1]}`;
    let row = this.#feed.live ? this.#keys.get(prefix) : undefined;
    if (!row) {
      const generation = this.#generation.api_key;
      const found = await this.#prisma.apiKey.findUnique({
        where: { prefix },
        select: { prefix: true, secretHash: true, agency: true, countyCode: true, name: true, kind: true, expiresAt: true, revokedAt: true },
      });
      if (!found) return null;
      row = found;
      if (this.#feed.live && generation === this.#generation.api_key) {
        if (this.#keys.size >= MAX_KEYS) this.#keys.delete(this.#keys.keys().next().value!);
        this.#keys.set(prefix, row);
      }
    }
    return principalOfKey(row, presented, now);
  }

  /** The newest override per policy cell. */
  async overrides(): Promise<Map<string, Sharing>> {
    if (this.#feed.live && this.#overrides) return this.#overrides;
    const generation = this.#generation.policy_override;
    const loaded = await readOverrides(this.#prisma);
    if (this.#feed.live && generation === this.#generation.policy_override) this.#overrides = loaded;
    return loaded;
  }

  /** The principal's grants live at `now`, by resource. */
  async grants(principal: Pick<Principal, "agency" | "countyCode">, now: Date): Promise<Map<string, AccessGrant[]>> {
    const owner = grantOwner(principal);
    let grants = this.#feed.live ? this.#grants.get(owner) : undefined;
    if (!grants) {
      const generation = this.#generation.access_grant;
      grants = await readGrants(this.#prisma, principal, now);
      if (this.#feed.live && generation === this.#generation.access_grant) this.#grants.set(owner, grants);
    }
    const byResource = new Map<string, AccessGrant[]>();
    for (const g of grants) {
      // Validity against the request's clock, every time: a cached grant may have expired since.
      if (g.validFrom > now || g.validUntil <= now) continue;
      byResource.set(g.resource, [...(byResource.get(g.resource) ?? []), g]);
    }
    return byResource;
  }

  /** What one request may read: overrides and grants, from memory when cached. */
  async accessState(principal: Principal, purpose: string | null, now: Date): Promise<AccessState> {
    const [overrides, grants] = await Promise.all([this.overrides(), this.grants(principal, now)]);
    return { overrides, grants, purpose };
  }

  #counties: Promise<{ code: string; name: string }[]> | null = null;
  /**
   * The counties and the city, read once and kept: reference data, written only by the
   * reference-data migration (which runs before a server serves), so naming a county in a filter
   * costs no SQL. A failed read (the database was down) is not kept: the next request tries again.
   */
  counties(): Promise<{ code: string; name: string }[]> {
    if (!this.#counties) {
      const loading = this.#prisma.county.findMany({ select: { code: true, name: true } });
      loading.catch(() => {
        if (this.#counties === loading) this.#counties = null;
      });
      this.#counties = loading;
    }
    return this.#counties;
  }

  async close(): Promise<void> {
    this.#unsubscribe();
    await this.#feed.close();
  }
}

/** The tables a committed mutation changed, whose caches must be dropped. */
export const MUTATION_TOPICS: Readonly<Record<string, readonly AccessTopic[]>> = {
  createApiKey: ["api_key"],
  rotateApiKey: ["api_key"],
  revokeApiKey: ["api_key"],
  approveAccessRequest: ["access_grant"],
  revokeAccessGrant: ["access_grant"],
  setPolicyCell: ["policy_override"],
};
