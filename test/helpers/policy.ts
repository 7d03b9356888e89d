// Test helper: FINANCE_BUREAU opens a resource to a principal column (as it may at run time), so
// that row scope can be exercised on data the shipped policy keeps from county governments.
import type { TestServer } from "./server.ts";

export async function openResources(server: TestServer, principal: string, resources: string[]): Promise<void> {
  for (const resource of resources) {
    const res = await server.gql(
      `mutation($r: String!, $p: String!) { setPolicyCell(resource: $r, principal: $p, sharing: READ, reason: "test: exercising row scope") { __typename } }`,
      { r: resource, p: principal },
    );
    if (res.body.errors || res.body.data?.setPolicyCell?.__typename !== "MutationSetPolicyCellSuccess") {
      throw new Error(`could not open ${resource} to ${principal}: ${JSON.stringify(res.body)}`);
    }
  }
}
