// The spreadsheet routes: uploads, templates, list exports (src/sheets/).
// One part of the message catalogue (catalogue.ts spreads it in; its header says how to add one).
import type { Message } from "../catalogue.ts";

export const SHEETS_MESSAGES = {
  "sheet.unknownBatch": {
    zh: "没有名为 {batch} 的报送批次，可用：{known}",
    en: "There is no batch named {batch}; known batches: {known}",
  },
  "sheet.unknownList": {
    zh: "没有名为 {list} 的可下载清单，可用：{known}",
    en: "There is no list named {list}; known lists: {known}",
  },
  "sheet.unknownFormat": {
    zh: "文件格式须为 .xlsx 或 .csv，收到 {format}",
    en: "The format must be .xlsx or .csv, got {format}",
  },
  "sheet.emptyBody": {
    zh: "请求中没有文件：请将 XLSX 或 CSV 文件作为请求体发送（或 multipart 的 file 字段）",
    en: "No file in the request: send the XLSX or CSV file as the request body (or as the multipart field `file`)",
  },
  "sheet.unsupportedType": {
    zh: "不支持的文件类型 {type}：请发送 XLSX（application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）或 CSV（text/csv）",
    en: "Unsupported file type {type}: send XLSX (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) or CSV (text/csv)",
  },
  "sheet.noFilePart": {
    zh: "multipart 表单中没有文件：请将 XLSX 或 CSV 文件放在 file 字段中（curl -F file=@贷款.xlsx）",
    en: "The multipart form holds no file: put the XLSX or CSV file in the field `file` (curl -F file=@loans.xlsx)",
  },
  "sheet.wrongFileField": {
    zh: "文件须放在 multipart 的 file 字段中，收到字段 {name}",
    en: "The file must come in the multipart field `file`, got the field {name}",
  },
  "sheet.tooManyFiles": {
    zh: "multipart 表单中只能有一个文件（file 字段）",
    en: "The multipart form may hold only one file (the field `file`)",
  },
  "sheet.unknownFormField": {
    zh: "表单字段 {name} 未知；可用字段：file、dryRun、problems",
    en: "The form field {name} is unknown; known fields: file, dryRun, problems",
  },
  "sheet.fieldTwice": {
    zh: "{name} 给出了两个不同的值（查询串与表单中，或表单中两次）",
    en: "{name} is given two different values (in the query and the form, or twice in the form)",
  },
  "sheet.badMultipart": {
    zh: "无法读取 multipart 表单：{reason}",
    en: "The multipart form cannot be read: {reason}",
  },
  "sheet.unreadableXlsx": {
    zh: "无法读取 XLSX 文件：{reason}",
    en: "The XLSX file cannot be read: {reason}",
  },
  "sheet.unreadableCsv": {
    zh: "无法读取 CSV 文件：{reason}",
    en: "The CSV file cannot be read: {reason}",
  },
  "sheet.noHeader": {
    zh: "第一行须为列名（与模板一致）",
    en: "The first row must hold the column names (as in the template)",
  },
  "sheet.unknownColumn": {
    zh: "第 {column} 列的列名“{header}”不是本批次的列；可用列名：{known}",
    en: "Column {column} is headed \"{header}\", which is not a column of this batch; known columns: {known}",
  },
  "sheet.duplicateColumn": {
    zh: "列“{header}”出现了两次",
    en: "The column \"{header}\" appears twice",
  },
  "sheet.missingColumn": {
    zh: "缺少必填列“{header}”（{field}）",
    en: "The required column \"{header}\" ({field}) is missing",
  },
  "sheet.noRows": {
    zh: "文件中没有数据行",
    en: "The file has no data rows",
  },
  "sheet.tooManyRows": {
    zh: "文件最多 {max} 行数据，收到 {count} 行：请拆分文件",
    en: "A file may hold at most {max} data rows, got {count}: split the file",
  },
  "sheet.badDryRun": {
    zh: "dryRun 须为 1、0、true 或 false",
    en: "dryRun must be 1, 0, true or false",
  },
  "sheet.badProblemsFormat": {
    zh: "problems 须为 file 或 json",
    en: "problems must be `file` or `json`",
  },
  "sheet.required": {
    zh: "必填",
    en: "is required",
  },
  "sheet.invalidValue": {
    zh: "取值无效：{reason}",
    en: "invalid value: {reason}",
  },
  "sheet.notOneOf": {
    zh: "须为以下之一：{allowed}",
    en: "must be one of: {allowed}",
  },
  "sheet.rejected": {
    zh: "文件有 {problems} 处问题，涉及 {rows} 行，未写入任何数据：请按标注修改后重新上传",
    en: "The file has {problems} problem(s) in {rows} row(s); nothing was written: fix the marked cells and upload it again",
  },
  "sheet.conflict": {
    zh: "与已存数据冲突，未写入任何数据：{reason}",
    en: "The file conflicts with the stored data; nothing was written: {reason}",
  },
  "sheet.forbidden": {
    zh: "无权报送此批次：{reason}",
    en: "You may not report this batch: {reason}",
  },
  "sheet.listForbidden": {
    zh: "无权读取此清单：{reason}",
    en: "You may not read this list: {reason}",
  },
  "sheet.auditUnavailable": {
    zh: "访问审计无法写入，未返回数据，请稍后重试",
    en: "The access audit could not be written, so no data was returned. Try again later.",
  },
  "sheet.exportFailed": {
    zh: "导出中断：{reason}",
    en: "The export stopped: {reason}",
  },
  "sheet.tooLarge": {
    zh: "文件超过 {max} 字节的上限：请拆分文件",
    en: "The file exceeds the limit of {max} bytes: split it",
  },
  "sheet.internal": {
    zh: "服务器内部错误，未写入任何数据；已记录，请稍后重试",
    en: "An internal error occurred; nothing was written. It has been logged; try again later.",
  },
  "sheet.problemColumn": {
    zh: "问题 {n}",
    en: "Problem {n}",
  },
  "sheet.denied": {
    zh: "（无权查看）",
    en: "(withheld)",
  },
  "sheet.templateNote": {
    zh: "第 1 行为中文列名，第 2 行为字段名（可删除）；从第 3 行起填写数据。",
    en: "Row 1 holds the Chinese column names, row 2 the field names (may be deleted); data starts in row 3.",
  },
} as const satisfies Record<string, Message>;
