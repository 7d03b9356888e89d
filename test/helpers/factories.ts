// Factories for test inputs: valid codes made fresh for each test, so tests never collide.
import { usccCheckChar } from "../../src/enterprise/uscc.ts";
import { idNumberCheckChar } from "../../src/enterprise/id-number.ts";

let counter = 0;

/** A valid USCC registered in `county`, unique within this test process. */
export function newUscc(county = "441704"): string {
  counter++;
  const body = `91${county}TE${String(process.pid % 1000).padStart(3, "0")}${String(counter).padStart(4, "0")}`;
  return body + usccCheckChar(body);
}

/** A valid resident ID number from `county`, unique within this test process. */
export function newIdNumber(county = "441704"): string {
  counter++;
  const body = `${county}19800101${String(counter % 1000).padStart(3, "0")}`;
  return body + idNumberCheckChar(body);
}

export function enterpriseInput(overrides: Record<string, unknown> = {}) {
  return {
    uscc: newUscc(),
    name: `测试企业${++counter}有限公司`,
    county: "441704",
    industry: "C33",
    registeredCapital: "5000000.00",
    establishedOn: "2015-03-01",
    ...overrides,
  };
}
