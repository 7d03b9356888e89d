// A complaint or report received by a regulator (plan 二(二)2); the receiving regulator owns it.
// Who complained is personal data of its own resource (supervision.complainant), masked or denied
// to the other readers like a legal representative's identifiers.
import { countyField } from "./../reference/reference.fields.ts";
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { scopedNode } from "../access/row-scope.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { ComplaintCategoryEnum, ComplaintChannelEnum, ComplaintStatusEnum } from "./complaint.enums.ts";

export const ComplaintNode = builder.prismaNode("Complaint", {
  id: { field: "id" },
  ...scopedNode("Complaint"),
  description: "A complaint or report (投诉举报) received by a financial regulator, which owns the record.",
  fields: (t) => ({
    complaintNo: t.exposeString("complaintNo", { description: "Registration number (受理编号), unique." }),
    receivedBy: t.field({ type: AgencyEnum, description: "The regulator that received it (受理单位); the record's owner.", resolve: (c) => c.ownerAgency }),
    receivedOn: t.expose("receivedOn", { type: "Date", description: "Date received (受理日期)." }),
    channel: t.expose("channel", { type: ComplaintChannelEnum, description: "How it arrived (受理渠道)." }),
    county: t.field(countyField("The county it concerns (所涉县区).")),
    institution: t.relation("institution", { nullable: true, description: "The financial institution complained about, if one." }),
    enterprise: t.relation("enterprise", { nullable: true, description: "The enterprise complained about, if one." }),
    category: t.expose("category", { type: ComplaintCategoryEnum, description: "What it is about (投诉类别)." }),
    summary: t.exposeString("summary", { description: "Summary (内容摘要), without the complainant's identity." }),
    status: t.expose("status", { type: ComplaintStatusEnum, description: "Where it stands (办理状态)." }),
    handledOn: t.expose("handledOn", { type: "Date", nullable: true, description: "When it was concluded (办结日期), once HANDLED or UNFOUNDED." }),
    complainantName: t.exposeString("complainantName", { nullable: true, description: "The complainant's name (投诉人姓名), personal data; null for an anonymous report." }),
    complainantIdNumber: t.exposeString("complainantIdNumber", { nullable: true, description: "The complainant's ID number (投诉人身份证号码), personal data." }),
    complainantPhone: t.exposeString("complainantPhone", { nullable: true, description: "The complainant's phone (投诉人联系电话), personal data." }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record, if it did." }),
    history: historyField(t, "Complaint"),
    ...provenanceFields(t),
  }),
});
