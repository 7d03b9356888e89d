// Minimum group size (最小分组规模) for aggregates over conditional data: a grant on totals must not
// single out one enterprise, so a group with fewer members than the setting (MIN_GROUP_SIZE,
// default 3) is left out of an aggregate the principal reads under a grant, and the response says
// so (extensions.minimumGroupSize: the field, the rule, how many groups were left out). Data the
// principal reads unconditionally (READ, or an owner) is never suppressed.
import type { GraphQLResolveInfo } from "graphql";
import { responsePathAsArray } from "graphql";
import type { GraphContext } from "../context.ts";
import type { ResourceName } from "./policy/matrix.ts";
import { t } from "../i18n/index.ts";

export const DEFAULT_MIN_GROUP_SIZE = 3;

export interface SuppressionReport {
  coordinate: string;
  path: (string | number)[];
  resource: string;
  rule: "minimumGroupSize";
  minimumGroupSize: number;
  suppressedGroups: number;
  message: string;
}

/**
 * The groups of an aggregate over `resource` the principal may see: all of them when it reads the
 * resource unconditionally; under a grant, only groups of at least the minimum size (`members`
 * counts a group's distinct subjects, e.g. borrowers), and the response reports the rule.
 */
export function suppressSmallGroups<T>(ctx: GraphContext, info: GraphQLResolveInfo, resource: ResourceName, groups: readonly T[], members: (group: T) => number): T[] {
  if (!ctx.access.enforced) return [...groups];
  const decision = ctx.access.decision(resource);
  // Only a conditional read carries the grant's purpose (policy/decide.ts).
  if (!decision.allow || !decision.purpose) return [...groups];
  const minimum = ctx.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const kept = groups.filter((g) => members(g) >= minimum);
  ctx.access.suppressions.push({
    coordinate: `${info.parentType.name}.${info.fieldName}`,
    path: responsePathAsArray(info.path),
    resource,
    rule: "minimumGroupSize",
    minimumGroupSize: minimum,
    suppressedGroups: groups.length - kept.length,
    message: t(ctx.lang, "access.groupsSuppressed"),
  });
  return kept;
}
