// How a response reports what the policy withheld, compactly: each denied field coordinate
// (Type.field, with its resource) once, however many rows it was denied in. The response's errors
// then hold one FORBIDDEN error per coordinate (its first path, and `count`, the number of places),
// and `extensions.access` lists every place, its paths compacted: consecutive list indices become
// one range, e.g. `enterprises.nodes.0-499.loans` for the `loans` of 500 enterprises.
import type { GraphQLFormattedError } from "graphql";

type Path = readonly (string | number)[];

export interface AccessReportEntry {
  /** Type.field of the denied or masked field, when known */
  coordinate?: string;
  resource: string;
  /** the sharing class that closed or masked it */
  sharing?: string;
  /** for a refused filter, order or group key: the input that was refused */
  input?: string;
  /** how many places of the response */
  count: number;
  /** every place, compacted (see compactPaths) */
  paths: string[];
}

/** The last list index of a path, where consecutive places differ. */
function lastIndex(path: Path): number {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === "number") return i;
  return -1;
}

/**
 * The paths as dotted strings, those differing only in their last list index joined into runs
 * (`a.0-4.b` for a.0.b … a.4.b, `a.7.b` alone), in the order their first member came.
 */
export function compactPaths(paths: readonly Path[]): string[] {
  const runs = new Map<string, { at: number; path: Path; indices: number[] }>();
  for (const path of paths) {
    const at = lastIndex(path);
    const key = at < 0 ? path.join(".") : `${path.slice(0, at).join(".")}\u0000${path.slice(at + 1).join(".")}`;
    const run = runs.get(key);
    if (run) run.indices.push(path[at] as number);
    else runs.set(key, { at, path, indices: at < 0 ? [] : [path[at] as number] });
  }
  const out: string[] = [];
  for (const { at, path, indices } of runs.values()) {
    if (at < 0) {
      out.push(path.join("."));
      continue;
    }
    const sorted = [...new Set(indices)].sort((a, b) => a - b);
    const spell = (from: number, to: number) => [...path.slice(0, at), from === to ? from : `${from}-${to}`, ...path.slice(at + 1)].join(".");
    let from = sorted[0]!;
    for (let i = 1; i <= sorted.length; i++) {
      if (i < sorted.length && sorted[i] === sorted[i - 1]! + 1) continue;
      out.push(spell(from, sorted[i - 1]!));
      from = sorted[i]!;
    }
  }
  return out;
}

/**
 * The response's errors with its FORBIDDEN errors collapsed to one per denied coordinate, resource
 * and message (the first, with `count`), and the report of every denied place.
 */
export function collapseDenials(errors: readonly GraphQLFormattedError[]): { errors: GraphQLFormattedError[]; denied: AccessReportEntry[] } {
  const groups = new Map<string, { error: GraphQLFormattedError; paths: Path[] }>();
  const out: (GraphQLFormattedError | string)[] = [];
  for (const error of errors) {
    const ext = error.extensions;
    if (ext?.code !== "FORBIDDEN" || !error.path) {
      out.push(error);
      continue;
    }
    // Without a coordinate (an error a resolver threw), places of one field share their path's shape.
    const where = typeof ext.coordinate === "string" ? ext.coordinate : error.path.map((k) => (typeof k === "number" ? "*" : k)).join(".");
    const key = `${where}\u0000${String(ext.resource ?? "")}\u0000${error.message}`;
    const group = groups.get(key);
    if (group) group.paths.push(error.path);
    else {
      groups.set(key, { error, paths: [error.path] });
      out.push(key);
    }
  }
  const denied: AccessReportEntry[] = [];
  const collapsed = out.map((item) => {
    if (typeof item !== "string") return item;
    const { error, paths } = groups.get(item)!;
    const ext = error.extensions!;
    denied.push({
      ...(typeof ext.coordinate === "string" ? { coordinate: ext.coordinate } : {}),
      resource: String(ext.resource ?? ""),
      ...(typeof ext.sharing === "string" ? { sharing: ext.sharing } : {}),
      ...(typeof ext.input === "string" ? { input: ext.input } : {}),
      count: paths.length,
      paths: compactPaths(paths),
    });
    return { ...error, extensions: { ...ext, count: paths.length } };
  });
  return { errors: collapsed, denied };
}
