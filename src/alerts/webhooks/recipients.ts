// Whom an endpoint delivers to: the principal of the API key that registered it, with the access
// state that principal would have in a request (policy overrides and grants from the server's
// directory). Webhooks state no purpose (there is no X-Purpose header on a delivery), so a
// conditional resource stays closed to them even with a grant: deny by default.
import type { ApiKey } from "../../generated/prisma/client.ts";
import type { Principal } from "../../access/principal.ts";
import type { AccessState } from "../../access/policy/decide.ts";
import type { AccessDirectory } from "../../access/directory.ts";

type KeyColumns = Pick<ApiKey, "prefix" | "agency" | "countyCode" | "name" | "kind" | "expiresAt" | "revokedAt"> & Partial<Pick<ApiKey, "systems">>;

/** The key's principal now, or null when the key was revoked or has expired (nothing is delivered then). */
export function principalOfEndpointKey(key: KeyColumns, now: Date): Principal | null {
  if (key.revokedAt || (key.expiresAt && key.expiresAt <= now)) return null;
  return { agency: key.agency, countyCode: key.countyCode, name: key.name, kind: key.kind, keyPrefix: key.prefix, systems: key.systems ?? [] };
}

/** Access states per key, computed once per fan-out batch. */
export class RecipientStates {
  readonly #states = new Map<string, Promise<AccessState>>();

  constructor(
    private readonly directory: Pick<AccessDirectory, "accessState">,
    private readonly now: Date,
  ) {}

  of(principal: Principal): Promise<AccessState> {
    let state = this.#states.get(principal.keyPrefix);
    if (!state) {
      state = this.directory.accessState(principal, null, this.now);
      this.#states.set(principal.keyPrefix, state);
    }
    return state;
  }
}
