import { countyField } from "./../reference/reference.fields.ts";
import { builder } from "../builder.ts";
import type { DishonestyRecord } from "../generated/prisma/client.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { historyField } from "../writes/history.type.ts";
import { rowScope } from "../access/row-scope.ts";
import { chinaDay } from "./calendar-day.ts";
import { DishonestyListEnum, DishonestyStatusEnum, DishonestySubjectTypeEnum, PunishmentMeasureEnum } from "./dishonesty.enums.ts";

/** In force today: active, not deleted, and not past its expiry date. */
export function isActiveOn(r: Pick<DishonestyRecord, "status" | "deletedAt" | "expiresOn">, now: Date): boolean {
  return r.status === "ACTIVE" && r.deletedAt === null && (r.expiresOn === null || r.expiresOn >= chinaDay(now));
}

export const JointPunishmentMeasureType = builder.prismaObject("JointPunishmentMeasure", {
  description: "A joint-punishment measure (联合惩戒措施) one agency applies to a listed subject.",
  fields: (t) => ({
    agency: t.expose("agency", { type: AgencyEnum, description: "The agency applying the measure (实施单位)." }),
    measure: t.expose("measure", { type: PunishmentMeasureEnum, description: "The measure (惩戒措施)." }),
    appliedOn: t.expose("appliedOn", { type: "Date", description: "When the agency started applying it (实施日期)." }),
  }),
});

export const DishonestyRecordNode = builder.prismaNode("DishonestyRecord", {
  id: { field: "id" },
  // Used by node(id:) and by nested loads: a deleted record (tombstone) or another county's
  // record is not found, exactly as in the lists.
  findUnique: (id, ctx) => ({ id: Number(id), deletedAt: null, ...rowScope(ctx, "DishonestyRecord") }),
  // Out of scope or deleted: node(id:) answers null, not an error.
  nullable: true,
  // Select mode: only the columns a query asks for are read (halves Prisma's work on big pages).
  select: { id: true, ownerAgency: true },
  description: "A dishonesty record (失信记录): a decision putting an enterprise or a person on one of the dishonesty lists, kept by the Development and Reform Bureau.",
  fields: (t) => ({
    documentNo: t.exposeString("documentNo", { description: "Number of the decision document (决定文书号), the record's key." }),
    subjectType: t.expose("subjectType", { type: DishonestySubjectTypeEnum, description: "Enterprise or natural person (主体类型)." }),
    enterprise: t.relation("enterprise", { nullable: true, description: "The listed enterprise (失信企业), when the subject is one." }),
    person: t.relation("person", { nullable: true, description: "The listed natural person (失信自然人), when the subject is one." }),
    county: t.field(countyField("The subject's county (所属县区): the enterprise's, or the person's household registration.")),
    list: t.expose("list", { type: DishonestyListEnum, description: "The list (失信名单类别)." }),
    sourceAgency: t.exposeString("sourceAgency", { description: "The body that reported the record (信息提供单位), e.g. a court or the tax bureau." }),
    decidedBy: t.exposeString("decidedBy", { description: "The body that made the decision (认定单位)." }),
    reason: t.exposeString("reason", { description: "Why the subject was listed (失信行为/认定事由)." }),
    listedOn: t.expose("listedOn", { type: "Date", description: "When the subject was put on the list (列入日期)." }),
    expiresOn: t.expose("expiresOn", { type: "Date", nullable: true, description: "When the listing ends (移出日期/有效期至); null until the obligation is met." }),
    status: t.expose("status", { type: DishonestyStatusEnum, description: "Active, repaired, expired or revoked (状态)." }),
    statusChangedOn: t.expose("statusChangedOn", { type: "Date", nullable: true, description: "When the status last changed (状态变更日期); null while first active." }),
    isActive: t.boolean({
      description: "Whether the record is in force today (China time): active and not past its expiry date; computed.",
      select: { status: true, deletedAt: true, expiresOn: true },
      resolve: (r, _args, ctx) => isActiveOn(r, ctx.businessNow),
    }),
    changeSeq: t.string({
      description: "Position of the record's latest change in the dishonesty change log (变更序号), a 64-bit integer as a string; it only grows.",
      select: { changeSeq: true },
      resolve: (r) => r.changeSeq.toString(),
    }),
    deletedAt: t.expose("deletedAt", {
      type: "DateTime",
      nullable: true,
      description: "When the owner deleted the record; a deleted record (tombstone) appears only in the result of the delete itself.",
    }),
    measures: t.relation("measures", {
      description: "Joint-punishment measures (联合惩戒措施) applied to this record, in the order applied.",
      query: (_args, ctx) => ({ where: rowScope(ctx, "JointPunishmentMeasure"), orderBy: [{ appliedOn: "asc" }, { id: "asc" }] }),
    }),
    history: historyField(t, "DishonestyRecord"),
    ...provenanceFields(t),
  }),
});
