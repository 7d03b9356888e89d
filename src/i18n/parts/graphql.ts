// graphql-js's own messages (validation, variable coercion, syntax) and our scalars' parse errors.
// One part of the message catalogue (catalogue.ts spreads it in; its header says how to add one).
//
// graphql-js writes these messages itself, in English, without a key: src/i18n/graphql-messages.ts
// recognises a message by matching it against the English text here (each placeholder one part of
// the message), and renders the Chinese text with the same parts. So each `en` must be graphql-js
// 16's exact wording; a `{reason}` part is itself rendered when it is a message of this list.
import type { Message } from "../catalogue.ts";

export const GRAPHQL_MESSAGES = {
  "graphql.cannotQueryField": { zh: "类型“{type}”上没有可查询的字段“{field}”。", en: 'Cannot query field "{field}" on type "{type}".' },
  "graphql.unknownArgument": { zh: "字段“{field}”没有参数“{argument}”。", en: 'Unknown argument "{argument}" on field "{field}".' },
  "graphql.argumentRequired": { zh: "字段“{field}”的参数“{argument}”（类型 {type}）为必填，但未提供。", en: 'Field "{field}" argument "{argument}" of type "{type}" is required, but it was not provided.' },
  "graphql.inputFieldRequired": { zh: "必填字段“{field}”（类型 {type}）未提供。", en: 'Field "{field}" of required type "{type}" was not provided.' },
  "graphql.fieldNotDefined": { zh: "类型“{type}”没有定义字段“{field}”。", en: 'Field "{field}" is not defined by type "{type}".' },
  "graphql.noSubfields": { zh: "字段“{field}”的类型“{type}”没有子字段，不能再选择字段。", en: 'Field "{field}" must not have a selection since type "{type}" has no subfields.' },
  "graphql.needsSubfields": { zh: "字段“{field}”（类型“{type}”）必须选择子字段，例如“{example}”。", en: 'Field "{field}" of type "{type}" must have a selection of subfields. Did you mean "{example}"?' },
  "graphql.unknownType": { zh: "未知类型“{type}”。", en: 'Unknown type "{type}".' },
  "graphql.variableRequired": { zh: "必填变量“${variable}”（类型 {type}）未提供。", en: 'Variable "${variable}" of required type "{type}" was not provided.' },
  "graphql.variableInvalidAt": { zh: "变量“${variable}”在“{path}”处的值 {value} 无效：{reason}", en: 'Variable "${variable}" got invalid value {value} at "{path}"; {reason}' },
  "graphql.variableInvalid": { zh: "变量“${variable}”的值 {value} 无效：{reason}", en: 'Variable "${variable}" got invalid value {value}; {reason}' },
  "graphql.variableNotDefinedBy": { zh: "操作“{operation}”没有定义变量“${variable}”。", en: 'Variable "${variable}" is not defined by operation "{operation}".' },
  "graphql.variableNotDefined": { zh: "变量“${variable}”未定义。", en: 'Variable "${variable}" is not defined.' },
  "graphql.variableNeverUsedIn": { zh: "操作“{operation}”中未使用变量“${variable}”。", en: 'Variable "${variable}" is never used in operation "{operation}".' },
  "graphql.variableNeverUsed": { zh: "变量“${variable}”未被使用。", en: 'Variable "${variable}" is never used.' },
  "graphql.fragmentNeverUsed": { zh: "片段“{fragment}”未被使用。", en: 'Fragment "{fragment}" is never used.' },
  "graphql.unknownFragment": { zh: "未知片段“{fragment}”。", en: 'Unknown fragment "{fragment}".' },
  "graphql.expectedValueReason": { zh: "应为类型“{type}”的值，实际为 {value}：{reason}", en: 'Expected value of type "{type}", found {value}; {reason}' },
  "graphql.expectedValue": { zh: "应为类型“{type}”的值，实际为 {value}。", en: 'Expected value of type "{type}", found {value}.' },
  "graphql.nonNull": { zh: "类型“{type}”不能为 null。", en: 'Expected non-nullable type "{type}" not to be null.' },
  "graphql.notObject": { zh: "类型“{type}”的值必须是对象。", en: 'Expected type "{type}" to be an object.' },
  "graphql.enumValue": { zh: "枚举“{enum}”中没有值“{value}”。", en: 'Value "{value}" does not exist in "{enum}" enum.' },
  "graphql.intNonInteger": { zh: "Int 只能表示整数，收到：{value}", en: "Int cannot represent non-integer value: {value}" },
  "graphql.intRange": { zh: "Int 只能表示 32 位有符号整数，收到：{value}", en: "Int cannot represent non 32-bit signed integer value: {value}" },
  "graphql.floatNonNumeric": { zh: "Float 只能表示数值，收到：{value}", en: "Float cannot represent non numeric value: {value}" },
  "graphql.stringNonString": { zh: "String 只能表示字符串，收到：{value}", en: "String cannot represent a non string value: {value}" },
  "graphql.booleanNonBoolean": { zh: "Boolean 只能表示布尔值，收到：{value}", en: "Boolean cannot represent a non boolean value: {value}" },
  "graphql.syntax": { zh: "语法错误：{detail}", en: "Syntax Error: {detail}" },
  // A suggestion graphql-js appends (only where the schema the caller sees has the names: see src/access/schema-view.ts).
  "graphql.didYouMean": { zh: " 您是否要找 {suggestions}？", en: " Did you mean {suggestions}?" },

  // Our scalars (src/graph/scalars.ts).
  "scalar.decimal": { zh: "Decimal 必须是写成字符串的数字，例如 \"1250000.00\"（最多 18 位整数和 6 位小数）", en: 'Decimal must be a number written as a string, e.g. "1250000.00" (up to 18 integer and 6 fraction digits)' },
  "scalar.decimalLiteral": { zh: "Decimal 必须是字符串，例如 \"1250000.00\"", en: 'Decimal must be a string such as "1250000.00"' },
  "scalar.date": { zh: "Date 必须是写成 YYYY-MM-DD 的日历日期，例如 \"2018-12-31\"", en: 'Date must be a calendar date written YYYY-MM-DD, e.g. "2018-12-31"' },
  "scalar.dateLiteral": { zh: "Date 必须是写成 YYYY-MM-DD 的字符串", en: "Date must be a string written YYYY-MM-DD" },
  "scalar.dateTime": { zh: "DateTime 必须是带时区（Z 或 ±hh:mm）的 ISO-8601 时间戳，例如 \"2026-09-30T08:00:00+08:00\"", en: 'DateTime must be an ISO-8601 timestamp with a time zone (Z or ±hh:mm), e.g. "2026-09-30T08:00:00+08:00"' },
} as const satisfies Record<string, Message>;
