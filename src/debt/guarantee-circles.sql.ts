// Guarantee circles (担保圈): cycles in the guarantor → borrower graph, found in the database with
// a recursive CTE; the graph is never loaded into memory.
//
// - Edges are the guarantees not retired (several guarantees between the same pair are one edge).
//   For a county principal, only the guarantees it may see: those with a party in its county.
// - A mutual guarantee (互保, A→B→A) is a circle of length 2; `isMutual` on a circle marks it.
// - The walk is bounded: circles longer than MAX_CIRCLE_LENGTH (8) members are not reported.
//   Paths grow one edge per step and never revisit a member, so the recursion stops after at
//   most 8 steps whatever the graph; the work is the number of simple paths of up to 8 edges
//   from the starting enterprises (about 20 ms for a page of 500 at seed scale 1).
// - Edges are not pruned beforehand (e.g. to guarantors that are themselves guaranteed): with the
//   row estimates PGlite has, the planner turns that semi-join into nested loops costing 10–30×
//   the walk it would save (measured on both backends).
import { Prisma } from "../generated/prisma/client.ts";

export const MAX_CIRCLE_LENGTH = 8;

export interface CircleRow {
  /** members in cycle order, first member repeated at the end */
  path: number[];
  length: number;
  total_amount: Prisma.Decimal;
}

/** The guarantor → borrower edges the caller may see (a county: guarantees with a party there). */
export function edgesSql(county: string | null): Prisma.Sql {
  if (county === null) {
    return Prisma.sql`edge AS (SELECT DISTINCT guarantor_id AS a, borrower_id AS b FROM guarantee WHERE retired_at IS NULL AND guarantor_id <> borrower_id)`;
  }
  return Prisma.sql`
    edge AS (
      SELECT DISTINCT g.guarantor_id AS a, g.borrower_id AS b
      FROM guarantee g
      JOIN enterprise ga ON ga.id = g.guarantor_id
      JOIN enterprise gb ON gb.id = g.borrower_id
      WHERE g.retired_at IS NULL AND g.guarantor_id <> g.borrower_id AND (ga.county_code = ${county} OR gb.county_code = ${county})
    )`;
}

/** The sum of the guarantees (not retired) along each cycle's edges. */
const withTotals = Prisma.sql`
  SELECT c.path, cardinality(c.path) - 1 AS length,
         (SELECT coalesce(sum(g.amount), 0)
            FROM generate_series(1, cardinality(c.path) - 1) AS s(i)
            JOIN guarantee g ON g.guarantor_id = c.path[s.i] AND g.borrower_id = c.path[s.i + 1] AND g.retired_at IS NULL) AS total_amount
  FROM cycle c`;

/**
 * Every circle, each once, in canonical rotation (walked from its smallest member id: the first
 * step only goes up, later steps never below the start), optionally only those with a member in
 * `memberCounty`.
 */
export function allCirclesSql(opts: { scopeCounty: string | null; memberCounty: string | null; minLength: number; maxLength: number }): Prisma.Sql {
  const inCounty =
    opts.memberCounty === null ? Prisma.empty : Prisma.sql`AND EXISTS (SELECT 1 FROM enterprise m WHERE m.id = ANY (w.path) AND m.county_code = ${opts.memberCounty})`;
  return Prisma.sql`
    WITH RECURSIVE ${edgesSql(opts.scopeCounty)},
    walk(start, node, path) AS (
      SELECT a, b, ARRAY[a, b] FROM edge WHERE b > a
      UNION ALL
      SELECT w.start, e.b, w.path || e.b
      FROM walk w JOIN edge e ON e.a = w.node
      WHERE w.node <> w.start AND e.b >= w.start AND (e.b = w.start OR e.b <> ALL (w.path)) AND cardinality(w.path) <= ${opts.maxLength}
    ), cycle AS (
      SELECT w.path FROM walk w
      WHERE w.node = w.start AND cardinality(w.path) - 1 >= ${opts.minLength} ${inCounty}
    )
    ${withTotals}
    ORDER BY length, path`;
}

/** The circles through each of `enterpriseIds`, each walked from that enterprise (one statement for all). */
export function circlesThroughSql(enterpriseIds: readonly number[], scopeCounty: string | null): Prisma.Sql {
  return Prisma.sql`
    WITH RECURSIVE ${edgesSql(scopeCounty)},
    walk(start, node, path) AS (
      SELECT a, b, ARRAY[a, b] FROM edge WHERE a IN (${Prisma.join(enterpriseIds)})
      UNION ALL
      SELECT w.start, e.b, w.path || e.b
      FROM walk w JOIN edge e ON e.a = w.node
      WHERE w.node <> w.start AND (e.b = w.start OR e.b <> ALL (w.path)) AND cardinality(w.path) <= ${MAX_CIRCLE_LENGTH}
    ), cycle AS (
      SELECT w.path FROM walk w WHERE w.node = w.start
    )
    ${withTotals}`;
}

/** The member ids of a cycle path, rotated to start at the smallest id (so each circle has one form). */
export function canonicalMembers(path: readonly number[]): number[] {
  const members = path.slice(0, -1);
  let first = 0;
  members.forEach((id, i) => {
    if (id < members[first]!) first = i;
  });
  return [...members.slice(first), ...members.slice(0, first)];
}
