// Assembles the graph: imports every domain (each folder's index.ts registers its types,
// queries and mutations), then builds and sorts the schema.
import { lexicographicSortSchema } from "graphql";
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

export const schema = lexicographicSortSchema(builder.toSchema());
