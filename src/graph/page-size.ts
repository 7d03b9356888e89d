// Page sizes: every `first`/`last` argument declares its bounds (`pageSizeArgument`), and a value
// outside them is refused with a clear error before anything executes (arguments.plugin.ts).
// Connections take 0 to 500 (default 50; Pothos would silently clamp a larger value and throw
// on a negative one); lists with their own page size declare theirs.
import type { GraphQLError } from "graphql";
import { argumentError } from "./argument-error.ts";

export const MAX_PAGE_SIZE = 500;

export interface PageSizeBounds {
  min: number;
  max: number;
}

/** The argument extension that declares a page size's bounds. */
export const pageSizeArgument = (min: number, max: number) => ({ pageSize: { min, max } satisfies PageSizeBounds });

/** The bounds an argument declares, if it is a page size. */
export const pageSizeBounds = (extensions: Readonly<Record<string, unknown>> | null | undefined): PageSizeBounds | undefined =>
  extensions?.pageSize as PageSizeBounds | undefined;

export function pageSizeProblem(field: string, argument: string, value: unknown, bounds: PageSizeBounds): GraphQLError | null {
  if (typeof value !== "number") return null; // absent (the default applies) or null
  const at = `${field}(${argument}: ${value})`;
  if (value > bounds.max) return argumentError({ key: "argument.maxPageSize", params: { at, max: bounds.max } }, `${field}.${argument}`, "maxPageSize", { max: bounds.max });
  if (value < bounds.min) {
    const key = bounds.min === 0 ? "argument.negativePageSize" : bounds.min === 1 ? "argument.minPageSizeOne" : "argument.minPageSize";
    return argumentError({ key, params: { at, min: bounds.min } }, `${field}.${argument}`, "minPageSize", { min: bounds.min });
  }
  return null;
}
