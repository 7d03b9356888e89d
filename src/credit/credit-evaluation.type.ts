import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { rowScope } from "../access/row-scope.ts";
import { chinaDay } from "./calendar-day.ts";

export const CreditEvaluationNode = builder.prismaNode("CreditEvaluation", {
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id: Number(id), ...rowScope(ctx, "CreditEvaluation") }),
  // Out of scope or deleted: node(id:) answers null, not an error.
  nullable: true,
  description: "A credit evaluation (信用评价/信用评级) of an enterprise by a rating body, collected by the PBOC.",
  fields: (t) => ({
    enterprise: t.relation("enterprise", { description: "The evaluated enterprise (被评价企业)." }),
    grade: t.exposeString("grade", { description: "The grade (信用等级), AAA down to C, or D; may carry + or −, e.g. AA+." }),
    evaluator: t.exposeString("evaluator", { description: "The rating body (评价机构)." }),
    evaluatedOn: t.expose("evaluatedOn", { type: "Date", description: "Date of the evaluation (评价日期)." }),
    validUntil: t.expose("validUntil", { type: "Date", description: "Last day the grade is valid (有效期至)." }),
    isValid: t.boolean({
      description: "Whether the grade is valid today (China time): evaluated on or before today and valid until today or later; computed.",
      resolve: (e, _args, ctx) => {
        const today = chinaDay(ctx.businessNow);
        return e.evaluatedOn <= today && e.validUntil >= today;
      },
    }),
    history: historyField(t, "CreditEvaluation"),
    ...provenanceFields(t),
  }),
});
