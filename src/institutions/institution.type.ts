import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { InstitutionKindEnum } from "./institution.enums.ts";

export const InstitutionNode = builder.prismaNode("Institution", {
  id: { field: "id" },
  description: "A financial institution (金融机构): a lending bank or a regulated entity reporting indicators.",
  fields: (t) => ({
    code: t.exposeString("code", { description: "Institution code (机构编码), unique." }),
    name: t.exposeString("name", { description: "Name (机构名称)." }),
    kind: t.expose("kind", { type: InstitutionKindEnum, description: "Kind of institution (机构类型)." }),
    county: t.relation("county", { description: "Where it is registered (所在县区)." }),
    ...provenanceFields(t),
  }),
});
