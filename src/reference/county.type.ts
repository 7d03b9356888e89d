import { builder } from "../builder.ts";

export const CountyType = builder.prismaObject("County", {
  description: "The city of Yangjiang (阳江市, 441700) or one of its counties/districts (县（市、区）).",
  fields: (t) => ({
    code: t.exposeString("code", { nullable: false, description: "Administrative division code (行政区划代码), e.g. 441704 for 阳东区." }),
    name: t.exposeString("name", { description: "Chinese name, e.g. 阳东区." }),
    nameEn: t.exposeString("nameEn", { description: "English name, e.g. Yangdong." }),
    isCity: t.exposeBoolean("isCity", { description: "True for the city itself (441700), which holds city-level records." }),
  }),
});
