import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";

export const PersonType = builder.prismaObject("Person", {
  description: "A natural person (自然人): a legal representative, a dishonesty subject or an informant. The ID number and phone are personal data.",
  fields: (t) => ({
    name: t.exposeString("name", { description: "Name (姓名)." }),
    idNumber: t.exposeString("idNumber", { description: "Resident identity card number (身份证号码), personal data." }),
    phone: t.exposeString("phone", { nullable: true, description: "Mobile phone number (手机号码), personal data." }),
    countyCode: t.exposeString("countyCode", { nullable: true, description: "Division code of the county of household registration (户籍所在县区)." }),
    ...provenanceFields(t),
  }),
});
