// Assembles the graph: imports every domain's types, queries and mutations, then builds the schema.
import { lexicographicSortSchema } from "graphql";
import { builder } from "./builder.ts";

import "./reference/agency.enum.ts";
import "./reference/county.type.ts";
import "./reference/industry.type.ts";
import "./enterprise/enterprise.type.ts";
import "./enterprise/enterprise.queries.ts";
import "./debt/loan.type.ts";
import "./institutions/institution.type.ts";
import "./bonds/bond.type.ts";

export const schema = lexicographicSortSchema(builder.toSchema());
