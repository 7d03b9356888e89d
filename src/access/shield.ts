// The sharing policy compiled into graphql-shield rules, one for every field of every type, plus
// a small middleware that masks MASK fields and notes the records read from sensitive resources.
//
// graphql-shield's own defaults are unsafe here and are overridden: fallbackRule is deny (a field
// without a rule is closed), and allowExternalErrors is true (otherwise every resolver error,
// typed validation errors included, would turn into "Not Authorised!"; internal errors are masked
// in one place instead, see server.ts). Row-dependent rules use no_cache: shield's "contextual"
// cache keys a rule's answer by the rule's name only and would reuse one row's answer for another.
//
// Every field has a shield rule and shield's middleware is applied to the whole schema (so an
// unclassified field meets the fallback). On query fields whose rule answers without waiting (all
// but the institution-kind rule), compilePermissions then runs that same rule function
// synchronously in place of shield's async wrapper: same decision, same error, no promise per field.
// Rules that depend only on the principal, its access state and the field's coordinate
// (coordinateChecks) are decided once per coordinate, before execution, and kept across requests
// with the same principal and access state (coordinate-decisions.ts); only row-dependent checks
// run per value.
import { defaultFieldResolver, GraphQLError, isObjectType, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { allow, rule, shield } from "graphql-shield";
import type { IMiddlewareFunction } from "graphql-middleware";
import { applyMiddleware } from "graphql-middleware";
import type { GraphContext } from "../context.ts";
import { loaderFor } from "../graph/loaders.ts";
import { localizedError, type Localized } from "../i18n/index.ts";
import { applyFilterRefusals } from "./filter-guard.ts";
import { maskValue } from "./masking.ts";
import { gatePreloads } from "./preload-gate.ts";
import { coordinateDecisions } from "./coordinate-decisions.ts";
import { resourceOfField } from "./policy/classify.ts";
import { MATRIX, type ResourceName } from "./policy/matrix.ts";
import { INDICATOR_LIST_FIELD, INDICATOR_RESOURCES, INDICATOR_RESOURCE_BY_KIND, MUTATION_RESOURCES, MUTATION_WRITERS, PERSON_IDENTIFIER_FIELDS, PERSON_RESOURCE_BY_PARENT, SYSTEM_ONLY_RESOURCES, TYPE_RESOURCES } from "./policy/resources.ts";

type Parent = Record<string, unknown> | null | undefined;
type RuleResult = boolean | GraphQLError;

/** The field's coordinate (Type.field): a response reports each denied coordinate once (denial-report.ts). */
export const coordinateOf = (info: Pick<GraphQLResolveInfo, "parentType" | "fieldName">) => `${info.parentType.name}.${info.fieldName}`;

function forbidden(_ctx: GraphContext, info: GraphQLResolveInfo, resource: ResourceName, message: Localized, sharing: "DENY" | "CONDITIONAL" | "READ" | "MASK"): GraphQLError {
  // The response lists denied fields from these errors (access.plugin.ts). The message names the resource and the rule, never a value or another path to the data.
  return localizedError(message.key, message.params, { code: "FORBIDDEN", resource, sharing, coordinate: coordinateOf(info) });
}

/** Resources for agency systems only (SYSTEM_ONLY_RESOURCES): a USER key is refused, whatever its agency. */
function systemOnly(ctx: GraphContext, info: GraphQLResolveInfo, resource: ResourceName): RuleResult {
  if (!SYSTEM_ONLY_RESOURCES.has(resource) || ctx.principal.kind === "SYSTEM") return true;
  return forbidden(ctx, info, resource, { key: "access.systemOnly", params: { resource, kind: ctx.principal.kind } }, "DENY");
}

/** May the principal read `resource` in this request? */
function canRead(ctx: GraphContext, info: GraphQLResolveInfo, resource: ResourceName): RuleResult {
  const kind = systemOnly(ctx, info, resource);
  if (kind !== true) return kind;
  const decision = ctx.access.decision(resource);
  if (decision.allow) return true;
  return forbidden(ctx, info, resource, decision.message, decision.sharing);
}

/** County governments read only their own county's enterprises, whatever path reaches one. */
function inCounty(ctx: GraphContext, info: GraphQLResolveInfo, parent: Parent, resource: ResourceName): RuleResult {
  if (ctx.principal.agency !== "COUNTY" || !parent || !("countyCode" in parent)) return true;
  if (parent.countyCode === ctx.principal.countyCode) return true;
  return forbidden(ctx, info, resource, { key: "access.outsideCounty" }, "DENY");
}

type ShieldRule = ReturnType<ReturnType<typeof rule>>;
type SyncCheck = (parent: Parent, args: unknown, ctx: GraphContext, info: GraphQLResolveInfo) => RuleResult;

const ruleCache = new Map<string, ShieldRule>();
/** The function of every rule that decides without waiting for anything (see compilePermissions). */
const syncChecks = new Map<ShieldRule, SyncCheck>();
/** The resource of every rule whose denial does not depend on the row: such a field is denied for every row at once. */
const rowIndependent = new Map<ShieldRule, ResourceName>();

/**
 * One rule object per name. Row-dependent rules (the default here) are `no_cache`: shield's
 * "contextual" cache keys an answer by rule name only and would reuse one row's answer for another.
 */
function memoRule(name: string, fn: (parent: Parent, args: unknown, ctx: GraphContext, info: GraphQLResolveInfo) => Promise<RuleResult> | RuleResult, cache: "no_cache" | "contextual" = "no_cache") {
  let r = ruleCache.get(name);
  if (!r) {
    r = rule(name, { cache })(fn as never);
    ruleCache.set(name, r);
  }
  return r;
}

/** A rule whose function answers at once; it also runs synchronously on query fields (see compilePermissions). */
function syncRule(name: string, fn: SyncCheck, cache: "no_cache" | "contextual" = "no_cache") {
  const r = memoRule(name, fn, cache);
  syncChecks.set(r, fn);
  return r;
}

/** A rule that reads `resource` whatever the row, and may refuse more by the row. */
function resourceRule(r: ShieldRule, resource: ResourceName): ShieldRule {
  rowIndependent.set(r, resource);
  return r;
}

/**
 * How many times rule functions ran, since the process started: `coordinate` counts the
 * functions of coordinate rules (decided once per field coordinate, principal and access state,
 * see coordinate-decisions.ts), `row` the per-value checks. Read by tests and the benchmark.
 */
export const ruleEvaluations = { coordinate: 0, row: 0, /** field values checked (each one a rule evaluation before coordinate decisions) */ values: 0 };

/**
 * The function of every coordinate rule: a rule whose answer depends only on the principal, its
 * access state (overrides, grants, stated purpose) and the field's coordinate, never on the row,
 * the arguments or the path. It is called with an info holding only parentType and fieldName.
 */
const coordinateChecks = new Map<ShieldRule, SyncCheck>();
/** Rules made of a row-dependent check first and, when it passes, a coordinate rule. */
const layered = new Map<ShieldRule, { row: SyncCheck; then: ShieldRule }>();

/** A coordinate rule (see coordinateChecks). */
function coordinateRule(name: string, fn: SyncCheck, cache: "no_cache" | "contextual" = "no_cache") {
  const known = ruleCache.get(name);
  if (known) return known;
  const counted: SyncCheck = (p, a, ctx, info) => {
    ruleEvaluations.coordinate++;
    return fn(p, a, ctx, info);
  };
  const r = syncRule(name, counted, cache);
  coordinateChecks.set(r, counted);
  return r;
}

/** Reading a resource depends only on the principal and its grants, never on the row: decided once per coordinate. */
const readRule = (resource: ResourceName) => resourceRule(coordinateRule(`read:${resource}`, (_p, _a, ctx, info) => canRead(ctx, info, resource), "contextual"), resource);

/** The county scope of an enterprise's fields: the row-dependent part of enterpriseRule. */
const countyCheck = (resource: ResourceName): SyncCheck => (parent, _a, ctx, info) => {
  ruleEvaluations.row++;
  return inCounty(ctx, info, parent, resource);
};

/** An enterprise's field: in the principal's county (by the row), then readable (by the coordinate, readRule). */
const enterpriseRule = (resource: ResourceName) => {
  const name = `enterprise:${resource}`;
  const known = ruleCache.get(name);
  if (known) return known;
  const row = countyCheck(resource);
  const read = readRule(resource);
  const readCheck = syncChecks.get(read)!;
  const r = resourceRule(
    syncRule(name, (parent, args, ctx, info) => {
      const county = row(parent, args, ctx, info);
      return county === true ? readCheck(parent, args, ctx, info) : county;
    }),
    resource,
  );
  layered.set(r, { row, then: read });
  return r;
};

/**
 * The change history of a record: FINANCE_BUREAU (records.history), the agency that owns the
 * record, or an owner of the record type's resource (e.g. PUBLIC_SECURITY, which files the cases
 * on the fundraising office's clues).
 */
const historyRule = syncRule("history", (parent, _a, ctx, info) => {
  if (parent && parent.ownerAgency === ctx.principal.agency) return true;
  const recordResource = TYPE_RESOURCES[info.parentType.name];
  if (recordResource && (MATRIX[recordResource].owners as readonly string[]).includes(ctx.principal.agency)) return true;
  return canRead(ctx, info, "records.history");
});

/** The kind of every institution, loaded once per request (a few dozen rows). */
function institutionKind(ctx: GraphContext, id: number): Promise<string | undefined> {
  return loaderFor<number, string | undefined>(ctx, "institution:kind", async (ids) => {
    const rows = await ctx.prisma.institution.findMany({ select: { id: true, kind: true } });
    const kinds = new Map(rows.map((r) => [r.id, r.kind]));
    return ids.map((i) => kinds.get(i));
  }).load(id);
}

/** Indicator values are bank, local-organisation or market indicators by their institution's kind. */
const indicatorRule = memoRule("indicator", async (parent, _a, ctx, info) => {
  const id = (info.parentType.name === "Institution" ? parent?.id : parent?.institutionId) as number | undefined;
  const kind = id === undefined ? undefined : await institutionKind(ctx, id);
  const resource = (kind && INDICATOR_RESOURCE_BY_KIND[kind]) || "institutions.bankIndicators";
  return canRead(ctx, info, resource);
});

/**
 * The list of indicator values: open when any kind's indicators are (its rows are limited to the
 * kinds the principal may read, access/row-scope.ts indicatorScope); closed with the bank
 * indicators' reason otherwise.
 */
const indicatorListRule = coordinateRule("indicator-list", (_p, _a, ctx, info) =>
  INDICATOR_RESOURCES.some((r) => ctx.access.decision(r).allow) ? true : canRead(ctx, info, "institutions.bankIndicators"),
);

/**
 * The resource of a person's ID number or phone, from the type holding the field that led to the
 * person: only FundraisingClue.informant leads to a person from a clue, and only
 * DishonestyRecord.person from a dishonesty record, so the holder's type decides (aliases can't fool it).
 */
export function personIdentifierResource(info: GraphQLResolveInfo): ResourceName {
  let link = info.path.prev;
  while (link && typeof link.key === "number") link = link.prev;
  return (link?.typename && PERSON_RESOURCE_BY_PARENT[link.typename]) || "person.identifiers";
}

const personIdentifierRule = syncRule("person-identifier", (_p, _a, ctx, info) => canRead(ctx, info, personIdentifierResource(info)));

const writerRule = (mutation: string) =>
  memoRule(`write:${mutation}`, (_p, _a, ctx, info) => {
    const resource = MUTATION_RESOURCES[mutation]!;
    const writers = MUTATION_WRITERS[mutation] ?? MATRIX[resource].owners;
    const kind = systemOnly(ctx, info, resource);
    if (kind !== true) return kind;
    if (writers.includes(ctx.principal.agency)) return true;
    return forbidden(ctx, info, resource, { key: "access.writersOnly", params: { writers: writers.join(", "), mutation } }, "DENY");
  });

/** The rule of one field, from its resource. */
function ruleFor(typeName: string, fieldName: string) {
  const resource = resourceOfField(typeName, fieldName);
  if (!resource) return null;
  if (typeName === "Mutation") return writerRule(fieldName);
  if (resource === "graph.structure") return allow;
  // (a `history` classified otherwise, e.g. an alert's workflow events, follows its own resource)
  if (fieldName === "history" && resource === "records.history") return historyRule;
  if (`${typeName}.${fieldName}` === INDICATOR_LIST_FIELD) return indicatorListRule;
  if (typeName === "IndicatorValue" || (typeName === "Institution" && fieldName === "indicators")) return indicatorRule;
  if (typeName === "Enterprise") return enterpriseRule(resource);
  if (typeName === "Person" && PERSON_IDENTIFIER_FIELDS.has(fieldName)) return personIdentifierRule;
  return readRule(resource);
}

/** Resources whose reads have effects beyond allow/deny: masking, or listing records in the audit. */
const hasEffects = (resource: ResourceName) =>
  MATRIX[resource].sensitive || MATRIX[resource].cells.includes("M") || MATRIX[resource].cells.includes("C");

/** After an allowed read: mask the value when the cell says so, and note the record for the audit. */
function effectsFor(typeName: string, fieldName: string, declared: ResourceName): IMiddlewareFunction {
  const contextual = typeName === "Person" && PERSON_IDENTIFIER_FIELDS.has(fieldName);
  const after = (value: unknown, parent: Parent, ctx: GraphContext, info: GraphQLResolveInfo) => {
    const resource = contextual ? personIdentifierResource(info) : declared;
    const decision = ctx.access.decision(resource);
    if (!decision.allow) return value;
    // A conditional read: its grant's purpose goes to the audit entry (once per resource).
    if (decision.purpose) ctx.access.markRead(resource, decision.purpose, decision.grant);
    const id = parent && typeof parent.id === "number" ? parent.id : null;
    if (id !== null && (MATRIX[resource].sensitive || decision.purpose)) ctx.access.recordField(typeName, id, resource, fieldName);
    if (decision.mask && value !== null && value !== undefined) {
      ctx.access.markMasked(info, resource);
      return maskValue(fieldName, value);
    }
    return value;
  };
  // Synchronous when the field's own resolver is: no promise per field where none is needed.
  return ((resolve, parent: Parent, args, ctx: GraphContext, info: GraphQLResolveInfo) => {
    const value = resolve(parent, args, ctx, info);
    return value instanceof Promise ? value.then((v) => after(v, parent, ctx, info)) : after(value, parent, ctx, info);
  }) as IMiddlewareFunction;
}

/** The rule of every field and the effects middleware of the fields that need one. */
export function buildRuleTree(schema: GraphQLSchema) {
  const rules: Record<string, Record<string, unknown>> = {};
  const effects: Record<string, Record<string, IMiddlewareFunction>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const fieldName of Object.keys(type.getFields())) {
      const r = ruleFor(type.name, fieldName);
      if (r) (rules[type.name] ??= {})[fieldName] = r;
      const resource = resourceOfField(type.name, fieldName);
      if (resource && type.name !== "Mutation" && hasEffects(resource)) (effects[type.name] ??= {})[fieldName] = effectsFor(type.name, fieldName, resource);
    }
  }
  return { rules, effects };
}

/** The coordinate rule of every field coordinate decided by one (filled by compilePermissions). */
const coordinateRuleOf = new Map<string, SyncCheck>();

/** The decision of `check` for the coordinate, for this request's principal and access state: from the cache, else made now and kept. */
function decided(ctx: GraphContext, coordinate: string, check: SyncCheck, info: Pick<GraphQLResolveInfo, "parentType" | "fieldName">): RuleResult {
  const decisions = coordinateDecisions(ctx.access);
  let verdict = decisions.verdicts.get(coordinate);
  if (verdict === undefined) {
    verdict = check(null, {}, ctx, info as GraphQLResolveInfo);
    decisions.verdicts.set(coordinate, verdict);
  }
  return verdict;
}

/**
 * Before execution: the decision of every field coordinate of the document (fragments included;
 * aliases do not matter, a coordinate is Type.field) whose rule is a coordinate rule, made once
 * for the request's principal and access state and kept for the next requests with the same key
 * (coordinate-decisions.ts). Fields selected on an interface or union are decided at their first
 * value, when their object type is known. A document already planned for that key is not walked again.
 */
export function planCoordinates(schema: GraphQLSchema, document: DocumentNode, ctx: GraphContext): void {
  if (!ctx.access.enforced || !coordinateRuleOf.size) return;
  const decisions = coordinateDecisions(ctx.access);
  if (decisions.planned.has(document)) return;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parentType = typeInfo.getParentType();
        if (!parentType || !isObjectType(parentType)) return;
        const coordinate = `${parentType.name}.${node.name.value}`;
        const check = coordinateRuleOf.get(coordinate);
        // (only the two fields a coordinate rule reads: see coordinateChecks)
        if (check) decided(ctx, coordinate, check, { parentType, fieldName: node.name.value });
      },
    }),
  );
  decisions.planned.add(document);
}

export function compilePermissions(schema: GraphQLSchema): GraphQLSchema {
  const { rules, effects } = buildRuleTree(schema);
  const permissions = shield(rules as never, {
    fallbackRule: rule("unclassified", { cache: "no_cache" })((_p: unknown, _a: unknown, _c: unknown, info: GraphQLResolveInfo) => localizedError("access.noRule", {}, { code: "FORBIDDEN", coordinate: coordinateOf(info) })),
    allowExternalErrors: true,
    debug: false,
  });
  const enforced = applyMiddleware(schema, permissions, effects as never);
  for (const [typeName, fields] of Object.entries(rules)) {
    const type = enforced.getType(typeName);
    const original = schema.getType(typeName);
    if (!isObjectType(type) || !isObjectType(original) || typeName === "Mutation") continue;
    for (const [fieldName, r] of Object.entries(fields)) {
      const resolve = (original.getFields()[fieldName]!.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<Parent, GraphContext>;
      const effect = effects[typeName]?.[fieldName] as unknown as ((resolve: GraphQLFieldResolver<Parent, GraphContext>, ...rest: Parameters<GraphQLFieldResolver<Parent, GraphContext>>) => unknown) | undefined;
      // Fields whose rule is `allow` (pagination structure, result wrappers) keep their own
      // resolver: shield's wrapper would cost a promise per field and decide nothing there.
      if (r === allow) {
        if (!effect) type.getFields()[fieldName]!.resolve = resolve;
        continue;
      }
      // Fields whose rule answers at once (every rule but the institution-kind one) run that same
      // rule function synchronously, with shield's semantics (true: resolve; an error: the
      // field's error, as allowExternalErrors returns it), instead of through shield's async
      // wrapper. That wrapper turns every field of a response into a promise, and graphql-js
      // then builds every object through promises: measured at 2-3x the unenforced time of the
      // nested benchmark query, most of it garbage collection (bench/results, issue 4 notes).
      const check = syncChecks.get(r as ShieldRule);
      if (!check) continue;
      const proceed = (verdict: RuleResult, parent: Parent, args: unknown, ctx: GraphContext, info: GraphQLResolveInfo) => {
        ruleEvaluations.values++;
        if (verdict !== true) return verdict === false ? localizedError("access.forbidden", {}, { code: "FORBIDDEN", coordinate: coordinateOf(info) }) : verdict;
        return effect ? effect(resolve, parent, args as never, ctx, info) : resolve(parent, args as never, ctx, info);
      };
      const coordinate = `${typeName}.${fieldName}`;
      // Coordinate rules (and the coordinate part of layered ones) are decided once per coordinate
      // for the request's principal and access state, before execution where the walk of the
      // operation reaches the field (planCoordinates), else at the field's first value; every
      // other value reads that decision (coordinate-decisions.ts). The decision is the rule's own function's.
      const own = coordinateChecks.get(r as ShieldRule);
      const layers = layered.get(r as ShieldRule);
      const then = layers && coordinateChecks.get(layers.then);
      if (own) {
        coordinateRuleOf.set(coordinate, own);
        type.getFields()[fieldName]!.resolve = (parent, args, ctx: GraphContext, info) => proceed(decided(ctx, coordinate, own, info), parent, args, ctx, info);
      } else if (layers && then) {
        coordinateRuleOf.set(coordinate, then);
        type.getFields()[fieldName]!.resolve = (parent, args, ctx: GraphContext, info) => {
          const row = layers.row(parent, args, ctx, info);
          return proceed(row === true ? decided(ctx, coordinate, then, info) : row, parent, args, ctx, info);
        };
      } else {
        type.getFields()[fieldName]!.resolve = (parent, args, ctx: GraphContext, info) => proceed(check(parent, args, ctx, info), parent, args, ctx, info);
      }
    }
  }
  // Outermost: a field refused for its filter answers the refusal before its rule and resolver run.
  applyFilterRefusals(enforced);
  // And neither it nor a field its resource closes is loaded with its parent.
  gatePreloads(enforced, (typeName, fieldName) => rowIndependent.get(rules[typeName]?.[fieldName] as ShieldRule) ?? null);
  return enforced;
}
