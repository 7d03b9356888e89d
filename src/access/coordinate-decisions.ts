// Access decided per field coordinate, not per field value (issue 13, item 3). A coordinate rule
// (shield.ts coordinateChecks: reading a resource, the indicator list) answers from the principal,
// its access state and the field's coordinate alone, so its answer is made once and kept, in an
// LRU keyed by everything such an answer can depend on:
//
// - the principal's kind, agency and county (systemOnly reads the kind, the policy column the
//   agency, grants belong to an agency and county);
// - the stated purpose (X-Purpose selects which grant opens a conditional resource);
// - the policy overrides, by content (FINANCE_BUREAU's setPolicyCell): a changed cell is a new key;
// - the principal's grants live at the request's clock, by id, resource and purpose: an approval
//   adds one, a revocation, an ended purpose or an expiry removes one, each a new key.
//
// The key is built from the request's own access state (directory.ts), not from a version
// counter, so whatever makes a request see a changed grant or cell (the change feed, or the reads
// made while the feed is down) makes it use other decisions at once. Row-dependent checks (county
// scope, institution kind, the holder of a person's identifier, a record's owner), masking and the
// audit's notes of what was read run per value as before.
import type { DocumentNode, GraphQLError } from "graphql";
import type { Sharing } from "./policy/matrix.ts";
import type { RequestAccess } from "./request-access.ts";

export interface CoordinateDecisions {
  /** "Type.field" → the rule's answer: true, or the field's error */
  readonly verdicts: Map<string, boolean | GraphQLError>;
  /** the documents whose every coordinate was decided before execution (shield.ts planCoordinates) */
  readonly planned: WeakSet<DocumentNode>;
}

/** how many keys (principal and access state) are kept */
const CAPACITY = 2000;
const cache = new Map<string, CoordinateDecisions>();
const ofRequest = new WeakMap<RequestAccess, CoordinateDecisions>();
const overridesPrint = new WeakMap<Map<string, Sharing>, string>();

function printOverrides(overrides: Map<string, Sharing>): string {
  let print = overridesPrint.get(overrides);
  if (print === undefined) {
    print = [...overrides].map(([cell, sharing]) => `${cell}=${sharing}`).sort().join(",");
    overridesPrint.set(overrides, print);
  }
  return print;
}

/** The cache key of a request's coordinate decisions (see the top of this file). */
export function decisionKey(access: RequestAccess): string {
  const { principal, state } = access;
  const grants: string[] = [];
  for (const [resource, list] of state.grants) for (const g of list) grants.push(`${g.id}:${resource}:${g.purpose}`);
  grants.sort();
  return JSON.stringify([principal.kind, principal.agency, principal.agency === "COUNTY" ? principal.countyCode : null, state.purpose, printOverrides(state.overrides), grants]);
}

/** The coordinate decisions for this request's principal and access state (shared by every request with the same key). */
export function coordinateDecisions(access: RequestAccess): CoordinateDecisions {
  let decisions = ofRequest.get(access);
  if (decisions) return decisions;
  const key = decisionKey(access);
  decisions = cache.get(key);
  if (decisions) {
    // most recently used last
    cache.delete(key);
  } else {
    decisions = { verdicts: new Map(), planned: new WeakSet() };
    if (cache.size >= CAPACITY) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, decisions);
  ofRequest.set(access, decisions);
  return decisions;
}

/** How many keys are cached (for tests). */
export const coordinateCacheSize = () => cache.size;
