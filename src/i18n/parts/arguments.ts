// Refusals of a query's arguments before anything runs (src/graph/argument-error.ts, and filters'
// badInput in src/reference/places.ts): each names the argument it is about, as the English does.
// One part of the message catalogue (catalogue.ts spreads it in; its header says how to add one).
import type { Message } from "../catalogue.ts";

export const ARGUMENTS_MESSAGES = {
  "argument.globalId": {
    zh: "{field}({where}:)：不是本图中的全局 ID：请传入本图返回的 `id`",
    en: "{field}({where}:): not a global ID of this graph: pass an `id` the graph returned",
  },
  "argument.cursor": { zh: "{field}({argument}:)：不是该列表的游标：{how}", en: "{field}({argument}:): not a cursor of this list: {how}" },
  "argument.cursorHow.returned": {
    zh: "请传入该列表返回的游标（pageInfo.endCursor 或某条 edge 的 cursor）",
    en: "pass a cursor this list returned (pageInfo.endCursor, or an edge's cursor)",
  },
  "argument.cursorHow.seq": {
    zh: "请填写上一页的 `cursor`（非负整数），或不填以从头开始",
    en: "give the `cursor` of a previous page (a non-negative integer), or omit it to start from the beginning",
  },
  "argument.cursorArguments": {
    zh: "{field}：{problem}：向后翻页用 first 与 after，向前翻页用 last 与 before",
    en: "{field}: {problem}: page forward with first and after, or backward with last and before",
  },
  "argument.beforeAndAfter": { zh: "“before”与“after”不能同时使用", en: '"before" and "after" cannot be combined' },
  "argument.beforeWithFirst": { zh: "“before”应与“last”搭配，而不是“first”", en: '"before" goes with "last", not "first"' },
  "argument.afterWithLast": { zh: "“after”应与“first”搭配，而不是“last”", en: '"after" goes with "first", not "last"' },
  "argument.lastNeedsBefore": { zh: "“last”需要“before”（或“first”）", en: '"last" needs "before" (or "first")' },
  "argument.maxPageSize": {
    zh: "{at}：每页最多 {max} 条；更多请用“after”翻页",
    en: '{at}: at most {max} items per page; page with "after" for more',
  },
  "argument.negativePageSize": { zh: "{at}：每页条数不能为负数", en: "{at}: a page size cannot be negative" },
  "argument.minPageSize": { zh: "{at}：每页至少 {min} 条", en: "{at}: at least {min} items per page" },
  "argument.minPageSizeOne": { zh: "{at}：每页至少 {min} 条", en: "{at}: at least {min} item per page" },
  "argument.county": {
    zh: "{field}：没有代码或名称为“{county}”的县区；请填写行政区划代码（如 441704）或名称（如 阳东区）",
    en: '{field}: unknown county "{county}"; use a division code such as 441704 or a name such as 阳东区',
  },
  "argument.groupByEmpty": { zh: "groupBy：请至少给出一个分组键", en: "groupBy: give at least one key" },
  "argument.minAboveMax": { zh: "{field}：min 大于 max", en: "{field}: min is greater than max" },
  "argument.fromAfterTo": { zh: "{field}：from 晚于 to", en: "{field}: from is after to" },
  "argument.circleMinLength": { zh: "minLength：担保圈至少有 2 个成员", en: "minLength: a circle has at least 2 members" },
  "argument.circleMaxLength": { zh: "maxLength：担保圈最多查找到 {max} 个成员", en: "maxLength: circles are searched up to {max} members" },
  "argument.circleLengthOrder": { zh: "minLength 大于 maxLength", en: "minLength is greater than maxLength" },
  "argument.ratioRange": { zh: "{field}：请填写 0 到 1000 之间的小数（0.7 = 70%）", en: "{field}: give a fraction (0.7 = 70%) between 0 and 1000" },
  "argument.lendingBanksAtLeast": { zh: "{field}：至少为 1", en: "{field}: give at least 1" },
  "argument.anyOfNesting": { zh: "{field}：anyOf 不能嵌套", en: "{field}: anyOf does not nest" },
  "argument.quarterEnd": {
    zh: "quarterEnd：必须是季度的最后一天（03-31、06-30、09-30 或 12-31）",
    en: "quarterEnd: must be the last day of a quarter (03-31, 06-30, 09-30 or 12-31)",
  },
  "argument.alertPeriod": {
    zh: "period：“{period}”不是季度（2018Q4）、月份（2018-12）或日期（2018-12-31）",
    en: 'period: "{period}" is not a quarter (2018Q4), a month (2018-12) or a day (2018-12-31)',
  },
  // {problem} holds a message of its own (a cursor's how-to, a USCC's `rule.uscc.*`)
  "argument.at": { zh: "参数 {field}：{problem}", en: "{field}: {problem}" },
  "argument.fromAfterToBare": { zh: "from 晚于 to", en: "from is after to" },
} satisfies Record<string, Message>;
