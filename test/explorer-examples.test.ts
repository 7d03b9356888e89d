import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { schema } from "../src/schema.ts";
import { EXAMPLES, examplesFor, REQUEST_ACCESS_OPERATION } from "../src/explorer/examples.ts";

describe("the explorer's example operations", () => {
  it.each(EXAMPLES.map((e) => [e.en, e] as const))("%s is valid against the schema", (_title, example) => {
    expect(validate(schema, parse(example.query)).map((e) => e.message)).toEqual([]);
    expect(example.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(example.en).toMatch(/^[A-Za-z]/);
  });

  it("are described in the page's language: Chinese by default, English on request", () => {
    const zh = examplesFor("zh");
    const en = examplesFor("en");
    expect(zh).toHaveLength(EXAMPLES.length);
    zh.forEach((tab, i) => expect(tab.query.startsWith(`# ${EXAMPLES[i]!.zh}\n`)).toBe(true));
    en.forEach((tab, i) => expect(tab.query.startsWith(`# ${EXAMPLES[i]!.en}\n`)).toBe(true));
    for (const tab of [...zh, ...en]) expect(validate(schema, parse(tab.query)).map((e) => e.message)).toEqual([]);
  });

  it("the ready-made requestAccess operation is valid against the schema", () => {
    expect(validate(schema, parse(REQUEST_ACCESS_OPERATION)).map((e) => e.message)).toEqual([]);
  });
});
