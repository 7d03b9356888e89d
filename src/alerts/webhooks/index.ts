// Signed webhooks (issue 12 item 5): the graph's part. The delivery machinery is started by start.ts.
import "./webhook.types.ts";
import "./webhook-endpoint.operations.ts";
import "./webhook-delivery.operations.ts";
