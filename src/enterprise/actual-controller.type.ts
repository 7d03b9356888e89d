// An enterprise's actual controller (实际控制人), the person joint punishment reaches when the
// enterprise evades its debts (plan 二(四)2); owner MARKET_REGULATION. The person is the shared
// Person record: the name reads as person.identity, the ID number and phone as person.identifiers,
// exactly like a legal representative's.
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { scopedNode } from "../access/row-scope.ts";

export const ControlBasisEnum = builder.enumType("ControlBasis", {
  description: "How the person controls the enterprise (控制方式).",
  values: {
    EQUITY: { description: "Through equity 股权控制" },
    AGREEMENT: { description: "Through agreements 协议控制" },
    FAMILY: { description: "Jointly with relatives 亲属共同控制" },
    OTHER: { description: "Otherwise 其他" },
  } as const,
});

export const ActualControllerNode = builder.prismaNode("ActualController", {
  id: { field: "id" },
  ...scopedNode("ActualController"),
  description: "An enterprise's actual controller (实际控制人), as the market regulation bureau identified it.",
  fields: (t) => ({
    enterprise: t.relation("enterprise", { description: "The controlled enterprise." }),
    person: t.relation("person", { description: "The controlling person (personal data: the ID number and phone are masked or denied like a legal representative's)." }),
    basis: t.expose("basis", { type: ControlBasisEnum, description: "How the person controls it (控制方式)." }),
    shareRatio: t.expose("shareRatio", { type: "Decimal", nullable: true, description: "Equity held directly and indirectly (持股比例), a fraction, where control is through equity." }),
    identifiedOn: t.expose("identifiedOn", { type: "Date", description: "When the controller was identified (认定日期)." }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record, if it did." }),
    history: historyField(t, "ActualController"),
    ...provenanceFields(t),
  }),
});

builder.prismaObjectFields("Enterprise", (t) => ({
  actualController: t.relation("actualController", {
    nullable: true,
    description: "The enterprise's actual controller (实际控制人), if identified.",
  }),
}));
