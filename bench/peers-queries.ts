// The three operations of bench/peers.ts, each three ways that fetch the same rows: this
// project's GraphQL (as bench/operations.ts, the nested read narrowed to one county), PostGraphile
// 5's GraphQL over the same tables (Amber + simplified inflection + the smart tags in
// bench/peers-postgraphile.mjs), and hand-written SQL through `pg`. Fields are aliased so that all
// three answers normalise to one shape (`shape*` below): the benchmark compares those shapes before
// it measures anything, so a difference in rows, order or values stops the run.
//
// Differences that remain, on purpose:
// - the project's lookup also returns assetLiabilityRatio, computed in the resolver from the
//   statement both return (PostGraphile has no such field without a SQL function);
// - the project's `schedule` and `payments` are lists, PostGraphile's are connections (`nodes`);
// - the project applies the sharing policy, masking and the audit (FINANCE_BUREAU reads all of
//   these fields unmasked); PostGraphile's role only may read the tables.

export interface OperationContext {
  county: string;
  usccs: string[];
}

export interface PeerOperation {
  key: "nested" | "list" | "lookup";
  label: string;
  project: { query: string; variables(i: number, ctx: OperationContext): Record<string, unknown> };
  postgraphile: { query: string; variables(i: number, ctx: OperationContext): Record<string, unknown> };
  sql: { text: string; params(i: number, ctx: OperationContext): unknown[] };
  /** the answer's rows, normalised; `data` is a GraphQL answer's data or the SQL rows wrapped the same way */
  shape(data: unknown): unknown;
  /** numbers of rows at each level of a shape, for the line printed per operation */
  counts(shape: unknown): Record<string, number>;
}

// ─── helpers for normalising ───────────────────────────────────────────────────────────────
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** a list or a connection's nodes */
const list = (x: unknown): Json[] => (Array.isArray(x) ? x : ((x as Json | null)?.nodes ?? []));
/** an object or a connection's first node */
const one = (x: unknown): Json | null => ((x as Json | null)?.nodes ? ((x as Json).nodes[0] ?? null) : ((x as Json | null) ?? null));
/** decimals as numbers ("1.50" and "1.5" are equal), dates as YYYY-MM-DD */
const num = (x: unknown) => (x === null || x === undefined ? null : Number(x));
const day = (x: unknown) => (x === null || x === undefined ? null : String(x).slice(0, 10));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

// ─── 1. nested ─────────────────────────────────────────────────────────────────────────────
export const NESTED_PROJECT = /* GraphQL */ `
  query Nested($first: Int!, $county: String!) {
    enterprises(first: $first, filter: { county: $county }) {
      nodes {
        uscc
        name
        loans(first: 50) { nodes { contractNo amount balance classification lender { code name } } }
        guaranteesGiven(first: 50) { nodes { contractNo amount kind borrower { uscc name } } }
        guaranteesReceived(first: 50) { nodes { contractNo amount kind guarantor { uscc name } } }
        bonds(first: 20) { nodes { code kind amount schedule { dueDate kind amountDue payments { paidOn amountPaid outcome } } } }
        dishonestyRecords(first: 20) { nodes { documentNo list status listedOn } }
      }
    }
  }
`;

const NESTED_POSTGRAPHILE = /* GraphQL */ `
  query Nested($first: Int!, $county: String!) {
    enterprises(first: $first, condition: { countyCode: $county, retiredAt: null }, orderBy: PRIMARY_KEY_ASC) {
      nodes {
        uscc
        name
        loans: loansByBorrowerId(first: 50, condition: { retiredAt: null }, orderBy: PRIMARY_KEY_ASC) {
          nodes { contractNo amount balance classification lender { code name } }
        }
        guaranteesGiven: guaranteesByGuarantorId(first: 50, condition: { retiredAt: null }, orderBy: PRIMARY_KEY_ASC) {
          nodes { contractNo amount kind borrower { uscc name } }
        }
        guaranteesReceived: guaranteesByBorrowerId(first: 50, condition: { retiredAt: null }, orderBy: PRIMARY_KEY_ASC) {
          nodes { contractNo amount kind guarantor { uscc name } }
        }
        bonds: bondsByIssuerId(first: 20, condition: { retiredAt: null }, orderBy: PRIMARY_KEY_ASC) {
          nodes {
            code kind amount
            schedule: bondScheduleItems(orderBy: [DUE_DATE_ASC, KIND_ASC, PRIMARY_KEY_ASC]) {
              nodes { dueDate kind amountDue payments: bondPaymentsByScheduleItemId(orderBy: [PAID_ON_ASC, PRIMARY_KEY_ASC]) { nodes { paidOn amountPaid outcome } } }
            }
          }
        }
        dishonestyRecords(first: 20, condition: { deletedAt: null }, orderBy: PRIMARY_KEY_ASC) { nodes { documentNo list status listedOn } }
      }
    }
  }
`;

// One statement, JSON built in PostgreSQL (the way PostGraphile plans it), camelCase like the graphs.
const NESTED_SQL = `
SELECT e.uscc, e.name,
  (SELECT coalesce(json_agg(x), '[]') FROM (
     SELECT l.contract_no AS "contractNo", l.amount::text AS amount, l.balance::text AS balance, l.classification,
            json_build_object('code', i.code, 'name', i.name) AS lender
     FROM loan l JOIN institution i ON i.id = l.lender_id
     WHERE l.borrower_id = e.id AND l.retired_at IS NULL ORDER BY l.id LIMIT 50) x) AS loans,
  (SELECT coalesce(json_agg(x), '[]') FROM (
     SELECT g.contract_no AS "contractNo", g.amount::text AS amount, g.kind, json_build_object('uscc', b.uscc, 'name', b.name) AS borrower
     FROM guarantee g JOIN enterprise b ON b.id = g.borrower_id
     WHERE g.guarantor_id = e.id AND g.retired_at IS NULL ORDER BY g.id LIMIT 50) x) AS "guaranteesGiven",
  (SELECT coalesce(json_agg(x), '[]') FROM (
     SELECT g.contract_no AS "contractNo", g.amount::text AS amount, g.kind, json_build_object('uscc', r.uscc, 'name', r.name) AS guarantor
     FROM guarantee g JOIN enterprise r ON r.id = g.guarantor_id
     WHERE g.borrower_id = e.id AND g.retired_at IS NULL ORDER BY g.id LIMIT 50) x) AS "guaranteesReceived",
  (SELECT coalesce(json_agg(x), '[]') FROM (
     SELECT bd.code, bd.kind, bd.amount::text AS amount,
       (SELECT coalesce(json_agg(s), '[]') FROM (
          SELECT si.due_date AS "dueDate", si.kind, si.amount_due::text AS "amountDue",
            (SELECT coalesce(json_agg(json_build_object('paidOn', p.paid_on, 'amountPaid', p.amount_paid::text, 'outcome', p.outcome) ORDER BY p.paid_on NULLS LAST, p.id), '[]')
             FROM bond_payment p WHERE p.schedule_item_id = si.id) AS payments
          FROM bond_schedule_item si WHERE si.bond_id = bd.id ORDER BY si.due_date, si.kind, si.id) s) AS schedule
     FROM bond bd WHERE bd.issuer_id = e.id AND bd.retired_at IS NULL ORDER BY bd.id LIMIT 20) x) AS bonds,
  (SELECT coalesce(json_agg(x), '[]') FROM (
     SELECT d.document_no AS "documentNo", d.list, d.status, d.listed_on AS "listedOn"
     FROM dishonesty_record d WHERE d.enterprise_id = e.id AND d.deleted_at IS NULL ORDER BY d.id LIMIT 20) x) AS "dishonestyRecords"
FROM enterprise e WHERE e.county_code = $2 AND e.retired_at IS NULL ORDER BY e.id LIMIT $1`;

const nested: PeerOperation = {
  key: "nested",
  label: "nested (50 enterprises of a county)",
  project: { query: NESTED_PROJECT, variables: (_i, ctx) => ({ first: 50, county: ctx.county }) },
  postgraphile: { query: NESTED_POSTGRAPHILE, variables: (_i, ctx) => ({ first: 50, county: ctx.county }) },
  sql: { text: NESTED_SQL, params: (_i, ctx) => [50, ctx.county] },
  shape: (data) =>
    list((data as Json).enterprises).map((e) => ({
      uscc: e.uscc,
      name: e.name,
      loans: list(e.loans).map((l) => [l.contractNo, num(l.amount), num(l.balance), l.classification, l.lender?.code ?? null, l.lender?.name ?? null]),
      given: list(e.guaranteesGiven).map((g) => [g.contractNo, num(g.amount), g.kind, g.borrower?.uscc ?? null]),
      received: list(e.guaranteesReceived).map((g) => [g.contractNo, num(g.amount), g.kind, g.guarantor?.uscc ?? null]),
      bonds: list(e.bonds).map((b) => ({
        code: b.code,
        kind: b.kind,
        amount: num(b.amount),
        schedule: list(b.schedule).map((s) => ({ dueDate: day(s.dueDate), kind: s.kind, amountDue: num(s.amountDue), payments: list(s.payments).map((p) => [day(p.paidOn), num(p.amountPaid), p.outcome]) })),
      })),
      dishonesty: list(e.dishonestyRecords).map((d) => [d.documentNo, d.list, d.status, day(d.listedOn)]),
    })),
  counts: (shape) => {
    const es = shape as Array<{ loans: unknown[]; given: unknown[]; received: unknown[]; bonds: Array<{ schedule: Array<{ payments: unknown[] }> }>; dishonesty: unknown[] }>;
    const schedules = es.flatMap((e) => e.bonds.flatMap((b) => b.schedule));
    return {
      enterprises: es.length,
      loans: sum(es.map((e) => e.loans.length)),
      "guarantees given": sum(es.map((e) => e.given.length)),
      "guarantees received": sum(es.map((e) => e.received.length)),
      bonds: sum(es.map((e) => e.bonds.length)),
      "schedule items": schedules.length,
      payments: sum(schedules.map((s) => s.payments.length)),
      "dishonesty records": sum(es.map((e) => e.dishonesty.length)),
    };
  },
};

// ─── 2. list: 100 enterprises of a county, a few scalars ───────────────────────────────────
const list100: PeerOperation = {
  key: "list",
  label: "list (100 enterprises of a county, 5 scalars)",
  project: {
    query: /* GraphQL */ `
      query List($first: Int!, $county: String!) {
        enterprises(first: $first, filter: { county: $county }) { nodes { uscc name registeredCapital establishedOn listingStatus } }
      }
    `,
    variables: (_i, ctx) => ({ first: 100, county: ctx.county }),
  },
  postgraphile: {
    query: /* GraphQL */ `
      query List($first: Int!, $county: String!) {
        enterprises(first: $first, condition: { countyCode: $county, retiredAt: null }, orderBy: PRIMARY_KEY_ASC) {
          nodes { uscc name registeredCapital establishedOn listingStatus }
        }
      }
    `,
    variables: (_i, ctx) => ({ first: 100, county: ctx.county }),
  },
  sql: {
    text: `SELECT e.uscc, e.name, e.registered_capital::text AS "registeredCapital", e.established_on::text AS "establishedOn", e.listing_status AS "listingStatus"
             FROM enterprise e WHERE e.county_code = $2 AND e.retired_at IS NULL ORDER BY e.id LIMIT $1`,
    params: (_i, ctx) => [100, ctx.county],
  },
  shape: (data) => list((data as Json).enterprises).map((e) => [e.uscc, e.name, num(e.registeredCapital), day(e.establishedOn), e.listingStatus]),
  counts: (shape) => ({ enterprises: (shape as unknown[]).length }),
};

// ─── 3. lookup by USCC, rotating over 200 enterprises ─────────────────────────────────────
const lookup: PeerOperation = {
  key: "lookup",
  label: "lookup (one enterprise by USCC)",
  project: {
    query: /* GraphQL */ `
      query Lookup($uscc: String!) {
        enterprise(uscc: $uscc) {
          uscc name listingStatus registeredCapital establishedOn
          county { code name }
          industry { code name }
          latestStatement { periodEnd totalAssets totalLiabilities }
          assetLiabilityRatio
        }
      }
    `,
    variables: (i, ctx) => ({ uscc: ctx.usccs[i % ctx.usccs.length] }),
  },
  postgraphile: {
    query: /* GraphQL */ `
      query Lookup($uscc: String!) {
        enterprise: enterpriseByUscc(uscc: $uscc) {
          uscc name listingStatus registeredCapital establishedOn
          county: countyByCountyCode { code name }
          industry: industryByIndustryCode { code name }
          latestStatement: financialStatements(first: 1, condition: { periodType: ANNUAL, retiredAt: null }, orderBy: PERIOD_END_DESC) {
            nodes { periodEnd totalAssets totalLiabilities }
          }
        }
      }
    `,
    variables: (i, ctx) => ({ uscc: ctx.usccs[i % ctx.usccs.length] }),
  },
  sql: {
    text: `
SELECT e.uscc, e.name, e.listing_status AS "listingStatus", e.registered_capital::text AS "registeredCapital", e.established_on::text AS "establishedOn",
       json_build_object('code', c.code, 'name', c.name) AS county,
       json_build_object('code', i.code, 'name', i.name) AS industry,
       CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('periodEnd', s.period_end, 'totalAssets', s.total_assets::text, 'totalLiabilities', s.total_liabilities::text) END AS "latestStatement"
FROM enterprise e
JOIN county c ON c.code = e.county_code
JOIN industry i ON i.code = e.industry_code
LEFT JOIN LATERAL (SELECT * FROM financial_statement f WHERE f.enterprise_id = e.id AND f.period_type = 'ANNUAL' AND f.retired_at IS NULL
                   ORDER BY f.period_end DESC LIMIT 1) s ON true
WHERE e.uscc = $1`,
    params: (i, ctx) => [ctx.usccs[i % ctx.usccs.length]],
  },
  shape: (data) => {
    const e = one((data as Json).enterprise);
    if (!e) return null;
    const s = one(e.latestStatement);
    return [e.uscc, e.name, e.listingStatus, num(e.registeredCapital), day(e.establishedOn), e.county?.code, e.county?.name, e.industry?.code, e.industry?.name, s && [day(s.periodEnd), num(s.totalAssets), num(s.totalLiabilities)]];
  },
  counts: (shape) => ({ enterprises: shape ? 1 : 0, "latest statements": shape && (shape as unknown[])[9] ? 1 : 0 }),
};

export const OPERATIONS: PeerOperation[] = [nested, list100, lookup];

/** SQL rows wrapped like a GraphQL answer's data, so that `shape` reads both. */
export function sqlData(op: PeerOperation, rows: Json[]): Json {
  return { enterprise: op.key === "lookup" ? (rows[0] ?? null) : undefined, enterprises: rows };
}
