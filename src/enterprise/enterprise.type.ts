import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { KeyIndustryEnum, ListingStatusEnum } from "./enterprise.enums.ts";

export const EnterpriseNode = builder.prismaNode("Enterprise", {
  id: { field: "id" },
  description: "A market entity (市场主体) registered with a unified social credit code, as recorded by market regulation.",
  fields: (t) => ({
    uscc: t.exposeString("uscc", { description: "Unified social credit code (统一社会信用代码), 18 characters, GB 32100-2015." }),
    name: t.exposeString("name", { description: "Registered name (企业名称)." }),
    county: t.relation("county", { description: "The county/district it is registered in (所属县区)." }),
    industry: t.relation("industry", { description: "Its industry division under GB/T 4754 (国民经济行业分类)." }),
    listingStatus: t.expose("listingStatus", { type: ListingStatusEnum, description: "Listing status (上市挂牌情况)." }),
    listedOn: t.expose("listedOn", { type: "Date", nullable: true, description: "When it was listed or quoted (挂牌/上市日期), if it is." }),
    keyIndustries: t.expose("keyIndustries", { type: [KeyIndustryEnum], description: "Key-industry tags (重点产业标签)." }),
    isZombie: t.exposeBoolean("isZombie", { description: "On the zombie-enterprise registry (僵尸企业)." }),
    isHighTech: t.exposeBoolean("isHighTech", { description: "Certified high-tech enterprise (高新技术企业)." }),
    registeredCapital: t.expose("registeredCapital", { type: "Decimal", description: "Registered capital in yuan (注册资本, 元)." }),
    establishedOn: t.expose("establishedOn", { type: "Date", description: "Date of establishment (成立日期)." }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record (注销/撤回), if it did." }),
    loans: t.relatedConnection("loans", {
      cursor: "id",
      description: "Bank loans to this enterprise (贷款), oldest first.",
      query: () => ({ orderBy: { id: "asc" } }),
    }),
    bonds: t.relatedConnection("bonds", {
      cursor: "id",
      description: "Bonds this enterprise issued (发行的债券), oldest first.",
      query: () => ({ orderBy: { id: "asc" } }),
    }),
    ...provenanceFields(t),
  }),
});
