// Who may write a given bond: the agency its row names as owner. The schedule, the payments and
// the notices follow their bond's owner.
import type { Bond } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { ConflictError, NotFoundError } from "../writes/errors.ts";
import type { Tx } from "../writes/write.ts";
import { BOND_OWNERS } from "./bond.enums.ts";

/** Refuses, before any work, agencies that own no kind of bond at all. */
export const assertBondWriter = (ctx: GraphContext): void => assertOwner(ctx, BOND_OWNERS, { key: "records.bonds" });

/** The bond by code, if the caller owns it; NotFound when there is none. */
export async function ownedBond(tx: Tx, ctx: GraphContext, code: string): Promise<Bond> {
  const bond = await tx.bond.findUnique({ where: { code } });
  if (!bond) throw new NotFoundError("Bond", code);
  assertOwner(ctx, [bond.ownerAgency], { key: "records.bond", params: { code, kind: bond.kind } });
  return bond;
}

export function assertVersion(entity: string, key: string, current: number, expected: number | null | undefined): void {
  if (expected != null && expected !== current) {
    throw new ConflictError({ key: "conflict.staleVersion", params: { entity, key, current, expected } }, current);
  }
}

/** A schedule item's natural key within the graph: bond code, due date, kind. */
export const itemKey = (code: string, dueDate: Date, kind: string): string => `${code}/${dueDate.toISOString().slice(0, 10)}/${kind}`;
