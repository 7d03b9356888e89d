// The access layer's part of the graph: the sharing policy, conditional sharing, the audit, keys.
import "./sharing.type.ts";
import "./sharing.operations.ts";
import "./my-access.ts";
import "./audit.operations.ts";
import "./audit-log.operations.ts";
import "./keys.operations.ts";
