// Assembles the graph: imports every domain (each folder's index.ts registers its types,
// queries and mutations), then builds and sorts the schema.
import { isObjectType, lexicographicSortSchema, type GraphQLSchema } from "graphql";
import { builder } from "./builder.ts";

import "./graph/ordering.ts";
import "./writes/errors.types.ts";
import "./reference/index.ts";
import "./enterprise/index.ts";
import "./debt/index.ts";
import "./bonds/index.ts";
import "./government-debt/index.ts";
import "./institutions/index.ts";
import "./venues/index.ts";
import "./credit/index.ts";
import "./fundraising/index.ts";
import "./progress/index.ts";
import "./risk-disposal/index.ts";
import "./supervision/index.ts";
import "./alerts/index.ts";
import "./access/index.ts";
import "./alerts/webhooks/index.ts";
import "./alerts/evaluation.mutations.ts";
import "./limits/budget.query.ts";
import "./notices/index.ts";
import "./verification/index.ts";
import "./punishment/index.ts";
import { markPhase } from "./observability/startup-phases.ts";

/**
 * Fields the plugins generate without a description get one here, so that every field of the
 * graph is documented (a test checks it): connections' totalCount and mutation results' data.
 */
function describeGeneratedFields(built: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(built.getTypeMap())) {
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    if (type.name.endsWith("Connection") && fields.totalCount && !fields.totalCount.description) {
      fields.totalCount.description = "How many items match, across all pages (counted only when asked for).";
    }
    if (type.name.endsWith("Success") && fields.data && !fields.data.description) {
      fields.data.description = "The record as written.";
    }
  }
  return built;
}

markPhase("modules");
export const schema = lexicographicSortSchema(describeGeneratedFields(builder.toSchema()));
markPhase("schema");
