// Every string the explorer shows, in Simplified Chinese and English, in one place (UI text, not
// messages: it stays here). The page is Chinese unless Accept-Language prefers English, decided by
// src/i18n's resolveLang (one code path with the API's messages); the chosen language's strings
// are handed to the page script in its config.
import type { Lang } from "../i18n/index.ts";

export type ExplorerLanguage = Lang;

export const EXPLORER_STRINGS = {
  title: { zh: "阳江去杠杆共享图谱 · 数据浏览器", en: "Yangjiang deleveraging graph · explorer" },
  keyLabel: { zh: "API 密钥", en: "API key" },
  keyPlaceholder: { zh: "dlg_…（演示密钥见 .data/demo-keys.json）", en: "dlg_…  (demo keys: .data/demo-keys.json)" },
  keyUse: { zh: "使用", en: "Use" },
  keyCancel: { zh: "取消", en: "Cancel" },
  keyChecking: { zh: "正在核验密钥…", en: "Checking the key…" },
  keyEmpty: { zh: "请输入 API 密钥。", en: "Enter an API key." },
  keyRejected: { zh: "密钥未被接受：密钥不存在、已过期或已被吊销。请核对后重新输入。", en: "The key was not accepted: it is unknown, expired or revoked. Check it and enter it again." },
  keyRateLimited: { zh: "请求过于频繁，请 {seconds} 秒后再试。", en: "Too many requests: try again in {seconds} s." },
  keyUnreachable: { zh: "无法连接服务器，请稍后再试。", en: "The server cannot be reached: try again later." },
  keyServerError: { zh: "服务器暂时无法核验密钥（HTTP {status}），请稍后再试。", en: "The server could not check the key (HTTP {status}): try again later." },
  keyChange: { zh: "更换密钥", en: "Change key" },
  bannerAgency: { zh: "机构", en: "Agency" },
  bannerKey: { zh: "密钥使用者", en: "Key issued to" },
  bannerCounty: { zh: "县区", en: "County" },
  bannerDate: { zh: "业务日期", en: "Business date" },
  bannerDocsNote: { zh: "文档只列出本机构可见的字段，并标注共享方式", en: "The docs list only the fields your agency can see, marked with how it may read them" },
  clockReal: { zh: "实时时钟", en: "real clock" },
  clockDataset: { zh: "演示数据日期", en: "the demo dataset's date" },
  clockFixed: { zh: "由 CLOCK 指定", en: "fixed by CLOCK" },
  clockDatasetAsOf: { zh: "演示数据截至 {date}", en: "dataset as of {date}" },
  sharingREAD: { zh: "无条件", en: "unconditional" },
  sharingMASK: { zh: "脱敏", en: "masked" },
  sharingCONDITIONAL: { zh: "有条件", en: "conditional" },
  sharingDENY: { zh: "不予共享", en: "not shared" },
  sharingGranted: { zh: "已获授权：请求时在 X-Purpose 请求头中写明用途", en: "granted: state its purpose in the X-Purpose header" },
  requestAccessLink: { zh: "申请访问", en: "request access" },
  requestAccessComment: {
    zh: "申请访问 {resource}：填写用途与截止时间后运行，由数据所有机构审批",
    en: "Request access to {resource}: fill in the purpose and the end date, then run it; the owner decides",
  },
  requestAccessPurpose: { zh: "请填写用途，例如：2019年一季度风险排查", en: "state the purpose, e.g. risk review, first quarter of 2019" },
  denialsTitle: { zh: "本次响应中被拒绝或脱敏的字段（每个字段一行，不是每条记录一行）", en: "Fields denied or masked in this response (one line per field, not per row)" },
  denialLine: { zh: "{coordinate}（{resource}，{sharing}）：{count} 处", en: "{coordinate} ({resource}, {sharing}): {count} places" },
  denialInput: { zh: "筛选/排序条件 {input}（{resource}，{sharing}）：已拒绝", en: "filter or sort input {input} ({resource}, {sharing}): refused" },
  denialsClose: { zh: "关闭", en: "Close" },
  fetchFailed: { zh: "请求失败：无法连接服务器。", en: "The request failed: the server cannot be reached." },
} as const satisfies Record<string, Record<ExplorerLanguage, string>>;

/** Agency names for the banner (the Agency enum's descriptions carry both). */
export const AGENCY_NAMES = {
  FINANCE_BUREAU: { zh: "市金融局", en: "Municipal Financial Work Bureau" },
  PBOC: { zh: "人行阳江市中心支行", en: "PBOC Yangjiang Central Sub-branch" },
  CBRC: { zh: "阳江银监分局", en: "Banking regulator, Yangjiang sub-bureau" },
  DEVELOPMENT_REFORM: { zh: "市发展改革局", en: "Development and Reform Bureau" },
  FISCAL: { zh: "市财政局（国资委）", en: "Finance (fiscal) Bureau" },
  INSURANCE_ASSOC: { zh: "市保险行业协会", en: "Insurance industry association" },
  COMMERCE: { zh: "市商务局", en: "Commerce Bureau" },
  INDUSTRY_IT: { zh: "市经济和信息化局", en: "Economy and IT Bureau" },
  PUBLIC_SECURITY: { zh: "市公安局", en: "Public Security Bureau" },
  MARKET_REGULATION: { zh: "市工商局", en: "Market regulation" },
  COUNTY: { zh: "县（市、区）政府", en: "County government" },
  CREDIT_PLATFORM: { zh: "公共信用信息管理系统", en: "Public credit information system" },
} as const satisfies Record<string, Record<ExplorerLanguage, string>>;

export function stringsFor(lang: ExplorerLanguage) {
  const pick = <T extends Record<string, Record<ExplorerLanguage, string>>>(table: T) =>
    Object.fromEntries(Object.entries(table).map(([k, v]) => [k, v[lang]])) as { [K in keyof T]: string };
  return { ...pick(EXPLORER_STRINGS), agencies: pick(AGENCY_NAMES) };
}
