// The joint-punishment loop 发起→响应→反馈 (issue 10 item 4, docs/feedback.md).
import "./punishment.type.ts";
import "./punishment.queries.ts";
import "./punishment.mutations.ts";
