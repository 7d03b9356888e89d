// Ordering arguments: `orderBy: [{ field: AMOUNT, direction: DESC }]`, always ending with the id
// so that pages are stable and cursors never skip or repeat a row.
import type { EnumRef } from "@pothos/core";
import { builder, type GraphTypes } from "../builder.ts";

export const OrderDirectionEnum = builder.enumType("OrderDirection", {
  description: "Sort direction.",
  values: { ASC: { description: "Smallest / earliest first." }, DESC: { description: "Largest / latest first." } } as const,
});

export type Direction = "ASC" | "DESC";

/**
 * Builds a Prisma orderBy list from the requested order; `columns` maps each GraphQL order field
 * to a Prisma orderBy fragment for a direction (so relation columns can be ordered on too).
 */
export function toOrderBy<F extends string>(
  requested: ReadonlyArray<{ field: F; direction?: Direction | null }> | null | undefined,
  columns: Record<F, (direction: "asc" | "desc") => object>,
): object[] {
  const orderBy = (requested ?? []).map(({ field, direction }) => columns[field](direction === "DESC" ? "desc" : "asc"));
  orderBy.push({ id: "asc" });
  return orderBy;
}

/** An order input type for a list: `{ field: <its enum>, direction: OrderDirection = ASC }`. */
export function orderInput<T extends string>(name: string, fieldEnum: EnumRef<GraphTypes, T, T>, description: string) {
  return builder.inputType(name, {
    description,
    fields: (t) => ({
      field: t.field({ type: fieldEnum, required: true, description: "The column to order by." }),
      direction: t.field({ type: OrderDirectionEnum, defaultValue: "ASC", description: "ASC (default) or DESC." }),
    }),
  });
}
