// Only the agency that owns a kind of record may write it (DOMAIN.md, "owns" column).
import { localizedError, type Localized } from "../i18n/index.ts";
import type { Agency } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";

/** `what`: the kind of record, one of the catalogue's `records.*` entries. */
export function assertOwner(ctx: GraphContext, owners: readonly Agency[], what: Localized): void {
  if (owners.includes(ctx.principal.agency)) return;
  throw localizedError("write.ownersOnly", { owners: { either: owners }, what }, { code: "FORBIDDEN", owners });
}
