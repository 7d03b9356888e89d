import { countyField } from "./../reference/reference.fields.ts";
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { rowScope } from "../access/row-scope.ts";
import { ClueSourceEnum, ClueStatusEnum } from "./clue.enums.ts";

export const FundraisingClueNode = builder.prismaNode("FundraisingClue", {
  id: { field: "id" },
  // node(id:) and nested loads keep the county row scope, as the lists do.
  findUnique: (id, ctx) => ({ id: Number(id), ...rowScope(ctx, "FundraisingClue") }),
  // Out of scope or deleted: node(id:) answers null, not an error.
  nullable: true,
  description: "An illegal-fundraising clue (非法集资线索) kept by the fundraising office of the Financial Work Bureau, and, once filed, its criminal case.",
  fields: (t) => ({
    clueNo: t.exposeString("clueNo", { description: "Clue number (线索编号), the clue's key." }),
    source: t.expose("source", { type: ClueSourceEnum, description: "How the clue came in (线索来源)." }),
    receivedOn: t.expose("receivedOn", { type: "Date", description: "When it was received (受理日期)." }),
    suspectName: t.exposeString("suspectName", { description: "Name of the suspected entity or people (涉嫌主体名称)." }),
    suspectEnterprise: t.relation("suspectEnterprise", { nullable: true, description: "The suspected enterprise (涉嫌企业), when it is a registered one." }),
    county: t.field(countyField("The county where the activity takes place (发生地县区).")),
    description: t.exposeString("description", { description: "What is suspected (涉嫌行为描述)." }),
    amountInvolved: t.expose("amountInvolved", { type: "Decimal", description: "Amount involved in yuan (涉案金额, 元)." }),
    peopleAffected: t.exposeInt("peopleAffected", { description: "Number of people who put in money (涉及人数)." }),
    status: t.expose("status", { type: ClueStatusEnum, description: "Clue, investigating, case filed or disposed (处置状态)." }),
    // A field of its own so that the informant's identity can be denied to everyone but the
    // fundraising office without touching the rest of the clue.
    informant: t.relation("informant", {
      nullable: true,
      description: "The person who reported the clue (举报人), for reports that were not anonymous. The identity is for the fundraising office only.",
    }),
    rewardAmount: t.expose("rewardAmount", { type: "Decimal", nullable: true, description: "Reward to the informant in yuan (举报奖励, 元)." }),
    caseNo: t.exposeString("caseNo", { nullable: true, description: "Criminal case number (立案编号) once the public security bureau files a case." }),
    caseFiledOn: t.expose("caseFiledOn", { type: "Date", nullable: true, description: "When the case was filed (立案日期)." }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record, if it did." }),
    history: historyField(t, "FundraisingClue"),
    ...provenanceFields(t),
  }),
});
