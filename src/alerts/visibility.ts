// Who sees an alert (issue 12 item 4): a principal sees an alert only when it may read every
// resource its rule reads (decide(): R and M yes, C only with a grant in force for the stated
// purpose, - never), and a county government only its own county's alerts (as row-scope.ts does
// for every other record). One decision, used by the connection, the counts, node(id), the
// digest, alertPayload, subscriptions and webhooks.
//
// The rule condition is expressed on the rule's `resources` column itself (no rule is loaded to
// decide), so the filter goes into the SQL WHERE and a hidden rule's alerts are never read.
import type { Prisma } from "../generated/prisma/client.ts";
import type { Principal } from "../access/principal.ts";
import { decide, type AccessState } from "../access/policy/decide.ts";
import { RESOURCE_NAMES, type ResourceName } from "../access/policy/matrix.ts";

type Who = Pick<Principal, "agency" | "countyCode">;

/** The resources of the policy this principal may read now (grants and stated purpose included). */
export function readableResources(principal: Who, state: AccessState): Set<ResourceName> {
  return new Set(RESOURCE_NAMES.filter((r) => decide(state, principal, r).allow));
}

/** May the principal read every resource of a rule? An unknown resource name is never readable. */
export function ruleReadable(principal: Who, state: AccessState, resources: readonly string[]): boolean {
  const readable = readableResources(principal, state);
  return resources.every((r) => readable.has(r as ResourceName));
}

/** The county a principal is limited to, or null (a county principal without a county sees nothing). */
function countyLimit(principal: Who): string | null {
  if (principal.agency !== "COUNTY") return null;
  return principal.countyCode ?? "------";
}

/** The rule condition as a Prisma filter on RiskRule: none of its resources is closed to the principal. */
export function ruleWhere(principal: Who, state: AccessState): Prisma.RiskRuleWhereInput {
  const closed = RESOURCE_NAMES.filter((r) => !decide(state, principal, r).allow);
  // A rule that names no resource is visible to no one (deny by default); its resource names are
  // checked against the policy by test/alerts-visibility.test.ts.
  const named: Prisma.RiskRuleWhereInput = { resources: { isEmpty: false } };
  return closed.length ? { AND: [named, { NOT: { resources: { hasSome: closed } } }] } : named;
}

/** The alerts the principal may see, as a Prisma filter (rules + county scope). */
export function alertWhere(principal: Who, state: AccessState): Prisma.AlertWhereInput {
  const rule = ruleWhere(principal, state);
  const county = countyLimit(principal);
  return county === null ? { rule } : { AND: [{ rule }, { countyCode: county }] };
}

// rule id → the resources it reads, of the database this process serves. Rules' resources are
// fixed by their SQL (updateRiskRule does not change them), so the map only ever grows; it is
// filled whenever rules are read (rememberRules) and lets the synchronous checks below answer
// without a query. An id not in it is not visible (deny by default).
const ruleResources = new Map<number, readonly string[]>();

/** Records rules' resources for the synchronous checks (called wherever rules are loaded). */
export function rememberRules(rules: readonly { id: number; resources: readonly string[] }[]): void {
  for (const r of rules) ruleResources.set(r.id, [...r.resources]);
}

/** Loads every rule's resources (at start, and by background jobs before deciding). */
export async function loadRuleResources(prisma: { riskRule: { findMany(args: { select: { id: true; resources: true } }): Promise<{ id: number; resources: string[] }[]> } }): Promise<void> {
  rememberRules(await prisma.riskRule.findMany({ select: { id: true, resources: true } }));
}

/** The rules whose every resource the principal may read ("all" when it may read every resource). */
export function visibleRuleIds(principal: Who, state: AccessState): number[] | "all" {
  const readable = readableResources(principal, state);
  if (readable.size === RESOURCE_NAMES.length) return "all";
  return [...ruleResources].filter(([, resources]) => resources.length > 0 && resources.every((r) => readable.has(r as ResourceName))).map(([id]) => id);
}

/**
 * The same decision for one alert. Pass the rule's resources when at hand; else the rule must
 * have been remembered (loadRuleResources / rememberRules), or the alert is not visible.
 */
export function alertVisibleTo(principal: Who, state: AccessState, alert: { ruleId: number; countyCode: string | null; resources?: readonly string[] }): boolean {
  const county = countyLimit(principal);
  if (county !== null && alert.countyCode !== county) return false;
  const resources = alert.resources ?? ruleResources.get(alert.ruleId);
  if (!resources || resources.length === 0) return false;
  return ruleReadable(principal, state, resources);
}
