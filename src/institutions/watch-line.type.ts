import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { ComparatorEnum, IndicatorKindEnum, InstitutionKindEnum } from "./institution.enums.ts";

export const WatchLineNode = builder.prismaNode("WatchLine", {
  id: { field: "id" },
  description:
    "A watch line (监管红线/监测警戒线) for one indicator, kept as data with its legal source and editable by the finance bureau. Dated: the line in force at a period's end judges that period's values.",
  fields: (t) => ({
    indicator: t.expose("indicator", { type: IndicatorKindEnum, description: "The indicator it applies to (监管指标)." }),
    institutionKinds: t.expose("institutionKinds", {
      type: [InstitutionKindEnum],
      description: "The kinds of institution it applies to; empty for the enterprise asset-liability line (适用机构类型).",
    }),
    comparator: t.expose("comparator", { type: ComparatorEnum, description: "Which side of the threshold is sound." }),
    threshold: t.expose("threshold", { type: "Decimal", description: "The threshold (阈值): a fraction (0.04 = 4%) or, for multiples, a plain number (10 = 10×)." }),
    effectiveFrom: t.expose("effectiveFrom", { type: "Date", description: "First day it is in force (生效日期)." }),
    effectiveTo: t.expose("effectiveTo", { type: "Date", nullable: true, description: "Last day it is in force (失效日期); null while open-ended." }),
    legalSource: t.exposeString("legalSource", { description: "The rule or document that sets it (依据)." }),
    note: t.exposeString("note", { nullable: true, description: "A remark, e.g. which year's national average it carries (备注)." }),
    history: historyField(t, "WatchLine"),
    ...provenanceFields(t),
  }),
});
