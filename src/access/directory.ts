// What every request needs to know about access before it runs — the API key's principal, the
// policy overrides, the principal's grants — held in memory, so a request's fixed cost is no SQL
// at all (and the reference data, counties and industries, read once). Each table is held whole (they are small:
// keys, live grants, override cells), loaded when the server starts and again as soon as it changed,
// in any process (access-changes.ts); requests arriving during a load wait for that one load.
//
// Correctness rules:
// - expiry is checked on every request against the real clock (a key's expiresAt, a grant's
//   validFrom/validUntil): a cached row is never trusted to still be valid;
// - a load that started before an invalidation is not kept (each table has a generation number,
//   bumped by every invalidation; a load is kept only if the generation is unchanged), so a read
//   that raced a change can never put the old value back;
// - while the change feed is not live (its connection is down, notifications may be missed) the
//   snapshots are not used: every request reads what it needs from the database, as before.
import type { AccessGrant, County, Industry, PrismaClient } from "../generated/prisma/client.ts";
import { KEY_PATTERN, noteKeyUse, principalOfKey, type KeyRow } from "./api-keys.ts";
import type { AccessChange, AccessChangeFeed, AccessTopic } from "./access-changes.ts";
import type { Principal } from "./principal.ts";
import type { AccessState } from "./policy/decide.ts";
import type { Sharing } from "./policy/matrix.ts";
import { outsideStatementLog } from "../db/statement-log.ts";

interface ReferenceData {
  counties: County[];
  countyByCode: Map<string, County>;
  industryByCode: Map<string, Industry>;
}

/** The newest override per cell. */
export async function readOverrides(prisma: PrismaClient): Promise<Map<string, Sharing>> {
  const rows = await prisma.$queryRawUnsafe<{ resource: string; principal: string; sharing: Sharing }[]>(
    "SELECT DISTINCT ON (resource, principal) resource, principal, sharing::text AS sharing FROM policy_override ORDER BY resource, principal, id DESC",
  );
  return new Map(rows.map((o) => [`${o.resource}|${o.principal}`, o.sharing]));
}

const grantOwner = (principal: Pick<Principal, "agency" | "countyCode">) => `${principal.agency}|${principal.agency === "COUNTY" ? principal.countyCode : ""}`;

const KEY_COLUMNS = { prefix: true, secretHash: true, agency: true, countyCode: true, name: true, kind: true, expiresAt: true, revokedAt: true, systems: true } as const;

/** One table held in memory: its snapshot, the generation it belongs to, the load in flight. */
class Snapshot<T> {
  generation = 0;
  value: T | null = null;
  #loading: { generation: number; promise: Promise<T> } | null = null;

  constructor(private readonly load: () => Promise<T>) {}

  drop(): void {
    this.generation++;
    this.value = null;
  }

  /** The snapshot, loading it when missing; `live` false: a fresh read, never kept. */
  get(live: boolean): Promise<T> {
    if (!live) return this.load();
    if (this.value) return Promise.resolve(this.value);
    if (this.#loading?.generation === this.generation) return this.#loading.promise;
    const generation = this.generation;
    const promise = this.load().then((value) => {
      if (this.generation === generation) this.value = value;
      return value;
    });
    const loading = { generation, promise };
    this.#loading = loading;
    // A failed load (the database was down) is not kept: the next request tries again.
    void promise.then(
      () => this.#loading === loading && (this.#loading = null),
      () => this.#loading === loading && (this.#loading = null),
    );
    return promise;
  }
}

/** how often a key's last use is written at most (per process) */
const LAST_USE_EVERY_MS = 60_000;

export class AccessDirectory {
  readonly #prisma: PrismaClient;
  readonly #feed: AccessChangeFeed;
  /** every API key, by prefix (revoked ones too: they are refused from memory) */
  readonly #keys: Snapshot<Map<string, KeyRow>>;
  /** every grant not revoked and not over when loaded, by owner (agency and county) */
  readonly #grants: Snapshot<Map<string, AccessGrant[]>>;
  readonly #overrides: Snapshot<Map<string, Sharing>>;
  readonly #unsubscribe: () => void;

  constructor(prisma: PrismaClient, feed: AccessChangeFeed) {
    this.#prisma = prisma;
    this.#feed = feed;
    this.#keys = new Snapshot(async () => new Map((await prisma.apiKey.findMany({ select: KEY_COLUMNS })).map((k) => [k.prefix, k])));
    this.#grants = new Snapshot(async () => {
      const byOwner = new Map<string, AccessGrant[]>();
      for (const g of await prisma.accessGrant.findMany({ where: { revokedAt: null, validUntil: { gt: new Date() } } })) {
        const owner = grantOwner(g);
        byOwner.set(owner, [...(byOwner.get(owner) ?? []), g]);
      }
      return byOwner;
    });
    this.#overrides = new Snapshot(() => readOverrides(prisma));
    this.#unsubscribe = feed.subscribe((change) => this.#invalidate(change));
  }

  get feed(): AccessChangeFeed {
    return this.#feed;
  }

  /** Loads every snapshot now (at start), so that no request pays for it. */
  async warm(): Promise<void> {
    if (!this.#feed.live) return;
    await Promise.all([this.#keys.get(true), this.#grants.get(true), this.#overrides.get(true)]);
  }

  #invalidate(change: AccessChange): void {
    const dropped = [
      change === "*" || change === "api_key" ? this.#keys : null,
      change === "*" || change === "access_grant" ? this.#grants : null,
      change === "*" || change === "policy_override" ? this.#overrides : null,
    ].filter((s) => s !== null);
    for (const snapshot of dropped) {
      snapshot.drop();
      // Reloaded at once, in the background and outside any request's statement count: requests
      // arriving meanwhile wait for that one load, and every request costs the same SQL (none).
      if (this.#feed.live) outsideStatementLog(() => void (snapshot as Snapshot<unknown>).get(true).catch(() => {}));
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
    const lookup = () => this.#prisma.apiKey.findUnique({ where: { prefix }, select: KEY_COLUMNS });
    if (!this.#feed.live) return this.#used(principalOfKey(await lookup(), presented, now), now);
    const generation = this.#keys.generation;
    const keys = await this.#keys.get(true);
    let row = keys.get(prefix) ?? null;
    if (!row) {
      // Not in the snapshot: a key created a moment ago whose notification is still on its way,
      // or no key at all. Looked up (as every key was before caching); kept when found.
      row = await lookup();
      if (row && this.#keys.generation === generation && this.#keys.value === keys) keys.set(prefix, row);
    }
    return this.#used(principalOfKey(row, presented, now), now);
  }

  /** when this process last wrote each key's last use (by prefix) */
  readonly #lastUseWritten = new Map<string, number>();

  /**
   * Records that a key was used, for the operators' console: at most once a minute per key and
   * process, in the background and outside the request's statement count, so a request pays
   * nothing for it. The column is left out of the key table's change trigger (migration
   * 11c_key_last_use), so this write does not drop every process's key cache.
   */
  #used(principal: Principal | null, now: Date): Principal | null {
    if (!principal?.keyPrefix) return principal;
    const prefix = principal.keyPrefix;
    const last = this.#lastUseWritten.get(prefix);
    if (last === undefined || now.getTime() - last >= LAST_USE_EVERY_MS) {
      this.#lastUseWritten.set(prefix, now.getTime());
      outsideStatementLog(() => void noteKeyUse(this.#prisma, prefix, now, LAST_USE_EVERY_MS).catch(() => this.#lastUseWritten.delete(prefix)));
    }
    return principal;
  }

  /** The newest override per policy cell. */
  overrides(): Promise<Map<string, Sharing>> {
    return this.#overrides.get(this.#feed.live);
  }

  /** The principal's grants live at `now`, by resource. */
  async grants(principal: Pick<Principal, "agency" | "countyCode">, now: Date): Promise<Map<string, AccessGrant[]>> {
    const grants = this.#feed.live
      ? ((await this.#grants.get(true)).get(grantOwner(principal)) ?? [])
      : await this.#prisma.accessGrant.findMany({
          where: { agency: principal.agency, countyCode: principal.agency === "COUNTY" ? principal.countyCode : null, revokedAt: null, validUntil: { gt: now } },
        });
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

  #reference: Promise<ReferenceData> | null = null;
  /**
   * The counties (with the city) and the industry divisions, read once and kept: reference data,
   * written only by the reference-data migration (which runs before a server serves), so naming a
   * county in a filter, or reading a record's county or industry, costs no SQL. A failed read (the
   * database was down) is not kept: the next request tries again.
   */
  #referenceData(): Promise<ReferenceData> {
    if (!this.#reference) {
      const loading = Promise.all([this.#prisma.county.findMany({ orderBy: { code: "asc" } }), this.#prisma.industry.findMany({ orderBy: { code: "asc" } })]).then(
        ([counties, industries]) => ({ counties, countyByCode: new Map(counties.map((c) => [c.code, c])), industryByCode: new Map(industries.map((i) => [i.code, i])) }),
      );
      loading.catch(() => {
        if (this.#reference === loading) this.#reference = null;
      });
      this.#reference = loading;
    }
    return this.#reference;
  }

  async counties(): Promise<County[]> {
    return (await this.#referenceData()).counties;
  }

  /** The county or city with this code (every record's county code names one: a foreign key). */
  async county(code: string): Promise<County> {
    const county = (await this.#referenceData()).countyByCode.get(code);
    if (!county) throw new Error(`county ${code} is not in the reference data`);
    return county;
  }

  /** The GB/T 4754 division with this code (a foreign key, as for counties). */
  async industry(code: string): Promise<Industry> {
    const industry = (await this.#referenceData()).industryByCode.get(code);
    if (!industry) throw new Error(`industry ${code} is not in the reference data`);
    return industry;
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
  setApiKeySystems: ["api_key"],
  approveAccessRequest: ["access_grant"],
  revokeAccessGrant: ["access_grant"],
  markPurposeAchieved: ["access_grant"],
  setPolicyCell: ["policy_override"],
};
