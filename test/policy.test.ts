// The policy as data: complete, consistent, and documented.
import { readFile } from "node:fs/promises";
import { isEnumType, isInputObjectType, isObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { schema } from "../src/schema.ts";
import { resourceOfEnumValue, resourceOfField } from "../src/access/policy/classify.ts";
import { COLUMNS, MATRIX, RESOURCE_NAMES, shippedCell } from "../src/access/policy/matrix.ts";
import { ENUM_VALUE_RESOURCES, FIELD_RESOURCES, MUTATION_RESOURCES, QUERY_RESOURCES, TYPE_RESOURCES } from "../src/access/policy/resources.ts";
import { buildRuleTree } from "../src/access/shield.ts";
import { permissionsDocument } from "../src/access/policy/document.ts";
import { PERMISSIONS_FILE } from "../src/cli/policy-doc.ts";

const types = Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith("__"));

describe("the sharing policy as data", () => {
  it("classifies every field of every output and input type into exactly one resource", () => {
    const unclassified: string[] = [];
    for (const type of types) {
      if (!isObjectType(type) && !isInputObjectType(type)) continue;
      for (const field of Object.keys(type.getFields())) if (!resourceOfField(type.name, field)) unclassified.push(`${type.name}.${field}`);
    }
    expect(unclassified).toEqual([]);
  });

  it("classifies every order and group-by enum (the columns one may sort or group on)", () => {
    const missing = types.filter((t) => isEnumType(t) && /OrderField$|GroupKey$/.test(t.name) && !resourceOfEnumValue(t.name)).map((t) => t.name);
    expect(missing).toEqual([]);
  });

  it("names only types and fields that exist (no stale entries)", () => {
    const stale: string[] = [];
    for (const name of [...Object.keys(TYPE_RESOURCES), ...Object.keys(ENUM_VALUE_RESOURCES)]) if (!schema.getType(name)) stale.push(name);
    for (const key of Object.keys(FIELD_RESOURCES)) {
      const [typeName, field] = key.split(".") as [string, string];
      const type = schema.getType(typeName);
      if (!type || !(isObjectType(type) || isInputObjectType(type)) || !type.getFields()[field]) stale.push(key);
    }
    for (const f of Object.keys(QUERY_RESOURCES)) if (!schema.getQueryType()!.getFields()[f]) stale.push(`Query.${f}`);
    for (const f of Object.keys(MUTATION_RESOURCES)) if (!schema.getMutationType()!.getFields()[f]) stale.push(`Mutation.${f}`);
    expect(stale).toEqual([]);
  });

  it("gives every field of every object type a graphql-shield rule (nothing falls back)", () => {
    const { rules } = buildRuleTree(schema);
    const without: string[] = [];
    for (const type of types) {
      if (!isObjectType(type)) continue;
      for (const field of Object.keys(type.getFields())) if (!rules[type.name]?.[field]) without.push(`${type.name}.${field}`);
    }
    expect(without).toEqual([]);
  });

  it("has a well-formed cell for every resource and principal", () => {
    for (const r of RESOURCE_NAMES) for (const c of COLUMNS) expect(["READ", "MASK", "CONDITIONAL", "DENY"]).toContain(shippedCell(r, c));
    expect(Object.keys(MATRIX).length).toBeGreaterThan(20);
  });

  it("is documented in docs/permissions.md (run `npm run policy:doc` after changing it)", async () => {
    expect(await readFile(PERMISSIONS_FILE, "utf8")).toBe(permissionsDocument(schema));
  });
});
