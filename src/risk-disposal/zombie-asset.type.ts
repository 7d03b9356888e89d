// A zombie enterprise's asset or equity listed for transfer (plan 二(四)3, owner INDUSTRY_IT).
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { scopedNode } from "../access/row-scope.ts";
import { ZombieAssetKindEnum, ZombieAssetStatusEnum } from "./risk-disposal.enums.ts";

export const ZombieAssetListingNode = builder.prismaNode("ZombieAssetListing", {
  id: { field: "id" },
  ...scopedNode("ZombieAssetListing"),
  description: "A zombie enterprise's asset or equity listed for transfer (“僵尸企业”产权、股权交易信息), published by the industry and IT bureau, which owns it.",
  fields: (t) => ({
    listingNo: t.exposeString("listingNo", { description: "Listing number (挂牌编号), unique." }),
    enterprise: t.relation("enterprise", { description: "The zombie enterprise whose asset it is." }),
    assetKind: t.expose("assetKind", { type: ZombieAssetKindEnum, description: "What is listed (资产类型)." }),
    description: t.exposeString("description", { description: "The asset (资产描述)." }),
    venue: t.relation("venue", { nullable: true, description: "The trading venue where it is listed (挂牌交易场所), if any." }),
    listedOn: t.expose("listedOn", { type: "Date", description: "Listing date (挂牌日期)." }),
    askingPrice: t.expose("askingPrice", { type: "Decimal", description: "Asking price (挂牌价), yuan." }),
    status: t.expose("status", { type: ZombieAssetStatusEnum, description: "Listed, transacted or withdrawn." }),
    transactionPrice: t.expose("transactionPrice", { type: "Decimal", nullable: true, description: "Price it changed hands at (成交价), yuan; set once TRANSACTED." }),
    transactedOn: t.expose("transactedOn", { type: "Date", nullable: true, description: "Transaction date (成交日期); set once TRANSACTED." }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record, if it did." }),
    history: historyField(t, "ZombieAssetListing"),
    ...provenanceFields(t),
  }),
});
