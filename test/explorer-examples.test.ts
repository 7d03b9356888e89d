import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { schema } from "../src/schema.ts";
import { EXAMPLES } from "../src/explorer/examples.ts";

describe("the explorer's example operations", () => {
  it.each(EXAMPLES.map((e) => [e.query.split("\n")[1]!.slice(2), e] as const))("%s is valid against the schema", (_title, example) => {
    expect(validate(schema, parse(example.query)).map((e) => e.message)).toEqual([]);
    expect(example.query).toMatch(/^# .*[\u4e00-\u9fff].*\n# [A-Za-z]/);
  });
});
