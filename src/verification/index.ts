// 校核 (issue 10 item 2, docs/feedback.md): disputes of received records and their answers.
import "./dispute.type.ts";
import "./dispute.queries.ts";
import "./dispute.mutations.ts";
