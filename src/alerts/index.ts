// The early-warning domain (issue 12, docs/early-warning.md): risk rules and alerts in the graph,
// the disposal workflow, rule editing and the digest. Visibility, escalation and the delivered
// views are plain functions beside them (visibility.ts, escalation.ts, alert-view.ts, digest.ts).
import "./alert.enums.ts";
import "./risk-rule.type.ts";
import "./alert.type.ts";
import "./alert.queries.ts";
import "./alert.mutations.ts";
import "./risk-rule.mutations.ts";
import "./alert.subscriptions.ts";
