import { builder } from "../builder.ts";

export const IndustryType = builder.prismaObject("Industry", {
  description: "An industry division of GB/T 4754-2017 (国民经济行业分类, 大类).",
  fields: (t) => ({
    code: t.exposeString("code", { nullable: false, description: "Division code, section letter and two digits, e.g. C33 (金属制品业)." }),
    section: t.exposeString("section", { description: "Section letter (门类), e.g. C for manufacturing." }),
    name: t.exposeString("name", { description: "Chinese name of the division." }),
    nameEn: t.exposeString("nameEn", { description: "English name of the division." }),
  }),
});
