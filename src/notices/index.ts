// Correction notices downstream (issue 10 item 3, docs/feedback.md): the inbox, acknowledging,
// the subscription. The notices themselves are written by the write path (notify.ts).
import "./notice.type.ts";
import "./notice.queries.ts";
import "./notice.mutations.ts";
import "./notice.subscriptions.ts";
