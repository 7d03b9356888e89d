// The credit-structure fields plan 二(七) asks for, on the records they describe: a loan's
// collateral, green-credit and key-industry flags; an enterprise's size; a bank's SME NPL tolerance.
import { builder } from "../builder.ts";
import { CollateralTypeEnum, EnterpriseSizeEnum } from "./loan-structure.enums.ts";

builder.prismaObjectFields("Loan", (t) => ({
  collateralType: t.expose("collateralType", { type: CollateralTypeEnum, nullable: true, description: "How the loan is secured (担保方式); null when not reported." }),
  isGreenCredit: t.exposeBoolean("isGreenCredit", { description: "Green credit (绿色信贷, 银监发〔2012〕4号)." }),
  isKeyIndustry: t.exposeBoolean("isKeyIndustry", { description: "Lent to one of the plan's key industries (二(七)1)." }),
}));

builder.prismaObjectFields("Enterprise", (t) => ({
  size: t.expose("size", {
    type: EnterpriseSizeEnum,
    nullable: true,
    description: "Size (企业规模) per 工信部联企业〔2011〕300号, from the revenue and total assets of the latest annual statement; null when not classified.",
  }),
}));

builder.prismaObjectFields("Institution", (t) => ({
  smeNplTolerance: t.expose("smeNplTolerance", {
    type: "Decimal",
    nullable: true,
    description:
      "Banks: the SME NPL ratio the bank tolerates (小微企业不良贷款容忍度), a fraction: its overall NPL ratio plus 2 percentage points, the tolerance CBRC's 2015 guidance on SME financial services (银监发〔2015〕8号) allows; 二(七)2 lets banks set their own. Null for other institutions.",
  }),
}));
