// Every message the spreadsheet routes send, in Chinese and English, in one place so they can move
// into the platform's message catalogue (the i18n work) unchanged. `{name}` marks a value.

export const SHEET_MESSAGES = {
  unknownBatch: { zh: "没有名为 {batch} 的报送批次，可用：{known}", en: "There is no batch named {batch}; known batches: {known}" },
  unknownList: { zh: "没有名为 {list} 的可下载清单，可用：{known}", en: "There is no list named {list}; known lists: {known}" },
  unknownFormat: { zh: "文件格式须为 .xlsx 或 .csv，收到 {format}", en: "The format must be .xlsx or .csv, got {format}" },
  emptyBody: { zh: "请求中没有文件：请将 XLSX 或 CSV 文件作为请求体发送（或 multipart 的 file 字段）", en: "No file in the request: send the XLSX or CSV file as the request body (or as the multipart field `file`)" },
  unsupportedType: { zh: "不支持的文件类型 {type}：请发送 XLSX（application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）或 CSV（text/csv）", en: "Unsupported file type {type}: send XLSX (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) or CSV (text/csv)" },
  unreadableXlsx: { zh: "无法读取 XLSX 文件：{reason}", en: "The XLSX file cannot be read: {reason}" },
  unreadableCsv: { zh: "无法读取 CSV 文件：{reason}", en: "The CSV file cannot be read: {reason}" },
  noHeader: { zh: "第一行须为列名（与模板一致）", en: "The first row must hold the column names (as in the template)" },
  unknownColumn: { zh: "第 {column} 列的列名“{header}”不是本批次的列；可用列名：{known}", en: "Column {column} is headed \"{header}\", which is not a column of this batch; known columns: {known}" },
  duplicateColumn: { zh: "列“{header}”出现了两次", en: "The column \"{header}\" appears twice" },
  missingColumn: { zh: "缺少必填列“{header}”（{field}）", en: "The required column \"{header}\" ({field}) is missing" },
  noRows: { zh: "文件中没有数据行", en: "The file has no data rows" },
  tooManyRows: { zh: "文件最多 {max} 行数据，收到 {count} 行：请拆分文件", en: "A file may hold at most {max} data rows, got {count}: split the file" },
  badDryRun: { zh: "dryRun 须为 1、0、true 或 false", en: "dryRun must be 1, 0, true or false" },
  badProblemsFormat: { zh: "problems 须为 file 或 json", en: "problems must be `file` or `json`" },
  required: { zh: "必填", en: "is required" },
  invalidValue: { zh: "取值无效：{reason}", en: "invalid value: {reason}" },
  notOneOf: { zh: "须为以下之一：{allowed}", en: "must be one of: {allowed}" },
  rejected: { zh: "文件有 {problems} 处问题，涉及 {rows} 行，未写入任何数据：请按标注修改后重新上传", en: "The file has {problems} problem(s) in {rows} row(s); nothing was written: fix the marked cells and upload it again" },
  conflict: { zh: "与已存数据冲突，未写入任何数据：{reason}", en: "The file conflicts with the stored data; nothing was written: {reason}" },
  forbidden: { zh: "无权报送此批次：{reason}", en: "You may not report this batch: {reason}" },
  listForbidden: { zh: "无权读取此清单：{reason}", en: "You may not read this list: {reason}" },
  auditUnavailable: { zh: "访问审计无法写入，未返回数据，请稍后重试", en: "The access audit could not be written, so no data was returned. Try again later." },
  exportFailed: { zh: "导出中断：{reason}", en: "The export stopped: {reason}" },
  tooLarge: { zh: "文件超过 {max} 字节的上限：请拆分文件", en: "The file exceeds the limit of {max} bytes: split it" },
  internal: { zh: "服务器内部错误，未写入任何数据；已记录，请稍后重试", en: "An internal error occurred; nothing was written. It has been logged; try again later." },
  problemColumn: { zh: "问题 {n}", en: "Problem {n}" },
  denied: { zh: "（无权查看）", en: "(withheld)" },
  templateNote: { zh: "第 1 行为中文列名，第 2 行为字段名（可删除）；从第 3 行起填写数据。", en: "Row 1 holds the Chinese column names, row 2 the field names (may be deleted); data starts in row 3." },
} as const;

export type SheetMessage = keyof typeof SHEET_MESSAGES;

/** The message in both languages, values filled in: Chinese first (the platform's default), then English. */
export function sheetMessage(code: SheetMessage, values: Record<string, string | number> = {}): { zh: string; en: string } {
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
  return { zh: fill(SHEET_MESSAGES[code].zh), en: fill(SHEET_MESSAGES[code].en) };
}

/** One language, chosen by Accept-Language: Chinese unless English is preferred over it. */
export function pickLanguage(acceptLanguage: string | undefined): "zh" | "en" {
  if (!acceptLanguage) return "zh";
  const ranked = acceptLanguage
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag ?? "", q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((l) => l.tag.startsWith("zh") || l.tag.startsWith("en"))
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.tag.startsWith("en") ? "en" : "zh";
}
