// The lists that can be downloaded as a sheet: each is a registered query (a file of its own, so a
// page is a registered document by its hash) and the columns it fills, one per selected leaf.
// Three are curated here (clients/sheets/curated/, columns chosen and named by hand); every other
// root connection of the schema is derived from it (derive-lists.ts, written by
// `npm run operations:publish` to clients/sheets/derived/ and lists.generated.ts).
import { GENERATED_LISTS } from "./lists.generated.ts";

/** A list of scalars (an enterprise's key-industry tags) is one cell, its items joined so. */
export const CELL_JOIN = "、";
export interface ListColumn {
  zh: string;
  /** the leaf's path within a node, e.g. "borrower.legalRepresentative.idNumber" */
  path: string;
  /** written as a number in XLSX (the graph sends decimals as exact strings; CSV keeps them so) */
  number?: boolean;
}

export interface SheetList {
  name: string;
  title: { zh: string; en: string };
  /** the operation's name in its clients/sheets/curated/ or derived/ document */
  operation: string;
  /** the root connection field */
  connection: string;
  columns: readonly ListColumn[];
}

export const CURATED_LISTS: readonly SheetList[] = [
  {
    name: "loans",
    title: { zh: "贷款清单", en: "Loans" },
    operation: "SheetsExportLoans",
    connection: "loans",
    columns: [
      { zh: "借款合同编号", path: "contractNo" },
      { zh: "贷款银行机构编码", path: "lender.code" },
      { zh: "贷款银行", path: "lender.name" },
      { zh: "借款人统一社会信用代码", path: "borrower.uscc" },
      { zh: "借款人", path: "borrower.name" },
      { zh: "法定代表人", path: "borrower.legalRepresentative.name" },
      { zh: "法定代表人身份证号码", path: "borrower.legalRepresentative.idNumber" },
      { zh: "贷款金额（元）", path: "amount", number: true },
      { zh: "贷款余额（元）", path: "balance", number: true },
      { zh: "年利率", path: "interestRate", number: true },
      { zh: "发放日期", path: "startDate" },
      { zh: "到期日期", path: "maturityDate" },
      { zh: "贷款用途", path: "purpose" },
      { zh: "五级分类", path: "classification" },
      { zh: "担保方式", path: "collateralType" },
      { zh: "绿色信贷", path: "isGreenCredit" },
      { zh: "重点产业", path: "isKeyIndustry" },
    ],
  },
  {
    name: "enterprises",
    title: { zh: "企业清单", en: "Enterprises" },
    operation: "SheetsExportEnterprises",
    connection: "enterprises",
    columns: [
      { zh: "统一社会信用代码", path: "uscc" },
      { zh: "企业名称", path: "name" },
      { zh: "县区代码", path: "county.code" },
      { zh: "县区", path: "county.name" },
      { zh: "行业", path: "industry.code" },
      { zh: "上市挂牌", path: "listingStatus" },
      { zh: "僵尸企业", path: "isZombie" },
      { zh: "高新技术企业", path: "isHighTech" },
      { zh: "注册资本（元）", path: "registeredCapital", number: true },
      { zh: "成立日期", path: "establishedOn" },
      { zh: "法定代表人", path: "legalRepresentative.name" },
      { zh: "法定代表人身份证号码", path: "legalRepresentative.idNumber" },
      { zh: "法定代表人电话", path: "legalRepresentative.phone" },
    ],
  },
  {
    name: "dishonesty-records",
    title: { zh: "失信记录清单", en: "Dishonesty records" },
    operation: "SheetsExportDishonestyRecords",
    connection: "dishonestyRecords",
    columns: [
      { zh: "决定文书号", path: "documentNo" },
      { zh: "主体类型", path: "subjectType" },
      { zh: "名单", path: "list" },
      { zh: "信息提供单位", path: "sourceAgency" },
      { zh: "决定机关", path: "decidedBy" },
      { zh: "事由", path: "reason" },
      { zh: "列入日期", path: "listedOn" },
      { zh: "到期日期", path: "expiresOn" },
      { zh: "状态", path: "status" },
      { zh: "县区", path: "county.name" },
      { zh: "企业统一社会信用代码", path: "enterprise.uscc" },
      { zh: "企业名称", path: "enterprise.name" },
      { zh: "自然人姓名", path: "person.name" },
      { zh: "自然人身份证号码", path: "person.idNumber" },
    ],
  },
];

/** Every downloadable list: the curated ones, then the derived ones (by connection name). */
export const LISTS: readonly SheetList[] = [...CURATED_LISTS, ...GENERATED_LISTS];
