import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { BondKindEnum, BondStatusEnum } from "./bond.enums.ts";

export const BondNode = builder.prismaNode("Bond", {
  id: { field: "id" },
  description: "A bond issued by an enterprise (企业发行的债券). Interbank instruments are PBOC's; enterprise bonds are development and reform's.",
  fields: (t) => ({
    code: t.exposeString("code", { description: "Bond code (债券代码), unique." }),
    name: t.exposeString("name", { description: "Short name (债券简称)." }),
    issuer: t.relation("issuer", { description: "The issuing enterprise (发行人)." }),
    kind: t.expose("kind", { type: BondKindEnum, description: "Kind of instrument (债券品种)." }),
    amount: t.expose("amount", { type: "Decimal", description: "Issue amount in yuan (发行金额)." }),
    couponRate: t.expose("couponRate", { type: "Decimal", description: "Coupon rate as a fraction (票面利率)." }),
    issueDate: t.expose("issueDate", { type: "Date", description: "Issue date (发行日期)." }),
    maturityDate: t.expose("maturityDate", { type: "Date", description: "Maturity date (到期日期)." }),
    statedPurpose: t.exposeString("statedPurpose", { description: "Stated use of proceeds (募集资金用途)." }),
    status: t.expose("status", { type: BondStatusEnum, description: "Status (债券状态)." }),
    ...provenanceFields(t),
  }),
});
