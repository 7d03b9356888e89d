// The policy as data: complete, consistent, and documented.
import { readFile } from "node:fs/promises";
import { getNamedType, isEnumType, isInputObjectType, isNonNullType, isObjectType, isUnionType } from "graphql";
import { describe, expect, it } from "vitest";
import { schema } from "../src/schema.ts";
import { resourceOfEnumValue, resourceOfField } from "../src/access/policy/classify.ts";
import { COLUMNS, MATRIX, RESOURCE_NAMES, shippedCell } from "../src/access/policy/matrix.ts";
import { ENUM_VALUE_RESOURCES, FIELD_RESOURCES, MUTATION_RESOURCES, QUERY_RESOURCES, TYPE_RESOURCES } from "../src/access/policy/resources.ts";
import { buildRuleTree } from "../src/access/shield.ts";
import { permissionsDocument } from "../src/access/policy/document.ts";
import { mayCall, schemaViewFor } from "../src/access/schema-view.ts";
import type { Principal } from "../src/access/principal.ts";
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

describe("each principal's view of the schema (what it may introspect, and is validated against)", () => {
  const viewOf = (agency: string) => schemaViewFor(schema, { agency, countyCode: agency === "COUNTY" ? "441704" : null } as Principal, { overrides: new Map() });

  it("keeps every argument, input field and result of the mutations the principal may call", () => {
    const missing: string[] = [];
    for (const agency of COLUMNS) {
      const view = viewOf(agency);
      for (const [name, field] of Object.entries(schema.getMutationType()!.getFields())) {
        if (!mayCall({ agency }, name)) continue;
        const seen = view.getMutationType()?.getFields()[name];
        if (!seen) {
          missing.push(`${agency}: Mutation.${name}`);
          continue;
        }
        for (const arg of field.args) {
          if (!seen.args.some((a) => a.name === arg.name)) missing.push(`${agency}: Mutation.${name}(${arg.name})`);
          const input = getNamedType(arg.type);
          const shown = view.getType(input.name);
          if (isInputObjectType(input) && isInputObjectType(shown)) for (const f of Object.keys(input.getFields())) if (!shown.getFields()[f]) missing.push(`${agency}: ${input.name}.${f}`);
        }
        const result = getNamedType(field.type);
        const shown = view.getType(result.name);
        if (isUnionType(result)) for (const member of result.getTypes()) if (!isUnionType(shown) || !shown.getTypes().some((t) => t.name === member.name)) missing.push(`${agency}: ${member.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("shows the fields whose rule depends on the row: a record's history (its owner reads it), indicators (by the institution's kind)", () => {
    const fieldsOf = (agency: string, type: string) => Object.keys((viewOf(agency).getType(type) as { getFields?: () => object } | undefined)?.getFields?.() ?? {});
    // MARKET_REGULATION owns enterprise registration, records.history is not shared with it.
    expect(fieldsOf("MARKET_REGULATION", "Enterprise")).toContain("history");
    // INSURANCE_ASSOC reads insurers' indicators (institutions.marketIndicators), not banks'.
    expect(fieldsOf("INSURANCE_ASSOC", "Institution")).toContain("indicators");
    expect(fieldsOf("INSURANCE_ASSOC", "IndicatorValue")).toEqual(expect.arrayContaining(["indicator", "value", "institution"]));
    // and lists them (the list is limited to the kinds it reads; test/indicator-access.test.ts).
    expect(fieldsOf("INSURANCE_ASSOC", "Query")).toContain("indicatorValues");
    // A principal that reads no kind of indicator sees neither.
    expect(fieldsOf("MARKET_REGULATION", "Institution")).not.toContain("indicators");
    expect(fieldsOf("MARKET_REGULATION", "Query")).not.toContain("indicatorValues");
  });

  it("makes every root field that can be denied nullable, so that a denial loses that field alone", () => {
    const nonNull = [schema.getQueryType()!, schema.getMutationType()!]
      .flatMap((t) => Object.values(t.getFields()).map((f) => ({ coordinate: `${t.name}.${f.name}`, f, resource: resourceOfField(t.name, f.name) })))
      .filter(({ f, resource }) => isNonNullType(f.type) && resource !== "graph.structure")
      .map(({ coordinate }) => coordinate);
    expect(nonNull).toEqual([]);
  });
});
