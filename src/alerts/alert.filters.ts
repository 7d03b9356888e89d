// The filter of alert lists and counts. Every condition narrows the principal's visible alerts
// (visibility.ts), so a filter never reaches an alert the principal could not see: filtering by a
// hidden rule's code answers nothing, exactly like a code that does not exist.
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { resolveCountyCode } from "../reference/places.ts";
import { resourceOfField } from "../access/policy/classify.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { AlertSeverityEnum, AlertStatusEnum } from "./alert.enums.ts";
import { SUBJECT_FIELDS } from "./subject.ts";
import { overdueWhere } from "./overdue.ts";
import { businessDate, visibleAlerts } from "./alert.type.ts";

export const AlertFilter = builder.inputType("AlertFilter", {
  description: "Narrows a list (or the counts) of the alerts you may see; all given conditions must hold.",
  fields: (t) => ({
    rule: t.stringList({ description: "Any of these rule codes." }),
    severity: t.field({ type: [AlertSeverityEnum], description: "Any of these severities." }),
    status: t.field({ type: [AlertStatusEnum], description: "Any of these statuses." }),
    live: t.boolean({ description: "Live (OPEN, ACKNOWLEDGED, IN_DISPOSAL: true) or closed (false)." }),
    county: t.string({ description: "The subject's county, as a division code (441704) or name (阳东区)." }),
    subjectType: t.string({ description: "The subject's type, e.g. Enterprise." }),
    subjectId: t.int({ description: "The subject's database id (with subjectType)." }),
    subjectKey: t.string({ description: "The subject's natural key (USCC, institution code, bond code…); matches only subjects whose key you may read in clear." }),
    period: t.string({ description: 'The period, e.g. "2018Q4".' }),
    overdue: t.boolean({ description: "Overdue on today's business date (true) or not (false)." }),
    assignedTo: t.field({ type: AgencyEnum, description: "Assigned to this agency." }),
  }),
});

type Filter = typeof AlertFilter.$inferInput;

/** Subject types whose key the principal reads in clear: a key filter is an identity test, so a masked key may not be tested. */
function clearKeyTypes(ctx: GraphContext): string[] {
  return Object.entries(SUBJECT_FIELDS)
    .filter(([, [key]]) => {
      const [type, field] = key.split(".") as [string, string];
      const resource = resourceOfField(type, field);
      const d = resource ? ctx.access.decision(resource) : { allow: false as const };
      return d.allow && !d.mask;
    })
    .map(([type]) => type);
}

export async function alertFilterWhere(filter: Filter | null | undefined, ctx: GraphContext): Promise<Prisma.AlertWhereInput> {
  const and: Prisma.AlertWhereInput[] = [];
  if (filter?.rule?.length) and.push({ rule: { code: { in: filter.rule } } });
  if (filter?.severity?.length) and.push({ severity: { in: filter.severity } });
  if (filter?.status?.length) and.push({ status: { in: filter.status } });
  if (filter?.live === true) and.push({ live: true });
  if (filter?.live === false) and.push({ live: null });
  if (filter?.county) and.push({ countyCode: await resolveCountyCode(ctx, filter.county, "filter.county") });
  if (filter?.subjectType) and.push({ subjectType: filter.subjectType });
  if (filter?.subjectId != null) and.push({ subjectId: filter.subjectId });
  if (filter?.subjectKey) {
    const known = Object.keys(SUBJECT_FIELDS);
    const clear = ctx.access.enforced ? clearKeyTypes(ctx) : known;
    and.push({ subjectKey: filter.subjectKey, OR: [{ subjectType: { in: clear } }, { subjectType: { notIn: known } }] });
  }
  if (filter?.period != null) and.push({ period: filter.period });
  if (filter?.overdue != null) and.push(overdueWhere(businessDate(ctx), filter.overdue));
  if (filter?.assignedTo) and.push({ assignedAgencies: { has: filter.assignedTo } });
  return and.length ? { AND: and } : {};
}

/** The principal's visible alerts that match the filter. */
export async function alertsWhere(filter: Filter | null | undefined, ctx: GraphContext): Promise<Prisma.AlertWhereInput> {
  const visible = visibleAlerts(ctx);
  const where = await alertFilterWhere(filter, ctx);
  const parts = [visible, where].filter((w) => Object.keys(w).length);
  return parts.length === 0 ? {} : parts.length === 1 ? parts[0]! : { AND: parts };
}
