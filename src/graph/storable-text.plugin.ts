// Refuses text that PostgreSQL cannot store, before anything runs: the NUL character (U+0000,
// which neither text nor jsonb holds) and lone UTF-16 surrogates (jsonb refuses their escapes,
// and the driver would silently turn them into U+FFFD in text). Let through, either makes a
// statement fail halfway: a filter or an input answers INTERNAL_SERVER_ERROR, or the variables,
// stored in the audit, make the audit fail after the work is done. So the whole request is
// checked: every variable, declared or not, keys included (all of them go into the audit); every
// string literal in the document, wherever it stands; the operation name; the stated purpose
// (X-Purpose, stored in the audit). A refusal names each place and is a 400 BAD_USER_INPUT.
import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, visit, type ASTNode, type DocumentNode, type ValueNode } from "graphql";
import type { GraphContext } from "../context.ts";
import { refusal } from "../limits/refusal.ts";
import { t, type Localized, type MessageKey, type MessageParams } from "../i18n/index.ts";

/** In `u` mode a well-formed surrogate pair is one code point, so \p{Cs} matches only lone halves. */
const UNSTORABLE = /[\0\p{Cs}]/u;
const MAX_PLACES = 20;

/** What cannot be stored in `text`, as the catalogue entry naming it; null: nothing. */
const problemOf = (text: string): Localized | null => {
  const found = UNSTORABLE.exec(text)?.[0];
  if (found === undefined) return null;
  return { key: found === "\0" ? "storable.nul" : "storable.loneSurrogate" };
};

/**
 * `place` names where, in English, as extensions.field and extensions.fields report it (what a
 * client reads); `where` is the same place as the catalogue entry the message names it with.
 */
type Found = { place: string; where: Localized; problem: Localized };
const at = (key: MessageKey, params: MessageParams = {}): Pick<Found, "place" | "where"> => ({ place: lowerFirst(t("en", key, params)), where: { key, params } });
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

const pathText = (base: string, path: (string | number)[]) => base + path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("");

/** Strings and object keys of a JSON value (variables), with their path from `base`. */
function scanJson(value: unknown, base: string, path: (string | number)[], found: Found[]): void {
  if (found.length >= MAX_PLACES) return;
  if (typeof value === "string") {
    const problem = problemOf(value);
    if (problem) found.push({ ...at("storable.place.variable", { path: pathText(base, path) }), problem });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => scanJson(v, base, [...path, i], found));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const problem = problemOf(k);
      if (problem) found.push({ ...at("storable.place.keyIn", { path: pathText(base, path) }), problem });
      else scanJson(v, base, [...path, k], found);
    }
  }
}

/** String literals of a value written in the document; `place` names a path inside it. */
function scanLiteral(node: ValueNode, place: (path: string) => Pick<Found, "place" | "where">, path: (string | number)[], found: Found[]): void {
  if (node.kind === Kind.STRING) {
    const problem = problemOf(node.value);
    if (problem) found.push({ ...place(pathText("", path)), problem });
  } else if (node.kind === Kind.LIST) {
    node.values.forEach((v, i) => scanLiteral(v, place, [...path, i], found));
  } else if (node.kind === Kind.OBJECT) {
    for (const field of node.fields) scanLiteral(field.value, place, [...path, field.name.value], found);
  }
}

/** Where an argument stands: `argument input.rows[2].name of field "upsertLoans"`, or of a directive. */
function argumentPlace(name: string, ancestors: readonly (ASTNode | readonly ASTNode[])[]): (path: string) => Pick<Found, "place" | "where"> {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i] as ASTNode;
    if (node.kind === Kind.FIELD) return (path) => at("storable.place.fieldArgument", { argument: `${name}${path}`, field: node.name.value });
    if (node.kind === Kind.DIRECTIVE) return (path) => at("storable.place.directiveArgument", { argument: `${name}${path}`, directive: node.name.value });
  }
  return (path) => at("storable.place.argument", { argument: `${name}${path}` });
}

function scanDocument(document: DocumentNode, found: Found[]): void {
  visit(document, {
    Argument(node, _key, _parent, _path, ancestors) {
      scanLiteral(node.value, argumentPlace(node.name.value, ancestors), [], found);
      return false;
    },
    VariableDefinition(node) {
      if (node.defaultValue) scanLiteral(node.defaultValue, (path) => at("storable.place.default", { variable: `$${node.variable.name.value}${path}` }), [], found);
      return false;
    },
  });
}

/**
 * What the document itself holds, per document: Apollo keeps one parsed document per query text,
 * so a document sent again is the same object, and its literals were scanned the first time.
 */
const documentFinds = new WeakMap<DocumentNode, Found[]>();

export function unstorableText(request: { document: DocumentNode; variables?: Record<string, unknown> | undefined; operationName?: string | null | undefined; purpose?: string | null }): Found[] {
  const found: Found[] = [];
  for (const [name, value] of Object.entries(request.variables ?? {})) {
    const problem = problemOf(name);
    if (problem) found.push({ ...at("storable.place.variableName"), problem });
    else scanJson(value, `$${name}`, [], found);
  }
  let inDocument = documentFinds.get(request.document);
  if (!inDocument) {
    scanDocument(request.document, (inDocument = []));
    documentFinds.set(request.document, inDocument);
  }
  found.push(...inDocument);
  for (const [key, text] of [["storable.place.operationName", request.operationName], ["storable.place.purpose", request.purpose]] as const) {
    const problem = text ? problemOf(text) : null;
    if (problem) found.push({ ...at(key), problem });
  }
  return found.slice(0, MAX_PLACES);
}

export function storableTextPlugin(): ApolloServerPlugin<GraphContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, contextValue }) {
          const found = unstorableText({ document, variables: request.variables, operationName: request.operationName, purpose: contextValue.access?.state.purpose });
          if (!found.length) return;
          const first = found[0]!;
          const more: Localized | "" = found.length === 1 ? "" : { key: found.length === 2 ? "storable.oneMore" : "storable.more", params: { count: found.length - 1 } };
          throw refusal({ key: "storable.refused", params: { place: first.where, problem: first.problem, more } }, "BAD_USER_INPUT", 400, {
            field: first.place,
            fields: found.map((f) => f.place),
            rule: "storableText",
          });
        },
      };
    },
  };
}
