// Per-request DataLoaders: created on first use, kept on the request's context, gone with it.
// Nothing is cached across requests (or across principals).
import DataLoader from "dataloader";
import type { GraphContext } from "../context.ts";

export function loaderFor<K, V, C = K>(
  ctx: GraphContext,
  name: string,
  batch: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>,
  options?: DataLoader.Options<K, V, C>,
): DataLoader<K, V, C> {
  let loader = ctx.loaders.get(name) as DataLoader<K, V, C> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V, C>(batch, options);
    ctx.loaders.set(name, loader);
  }
  return loader;
}

/** Groups rows by a key, in the order of `keys` (for one-to-many batch loads). */
export function groupBy<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const groups = new Map<K, R[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return keys.map((k) => groups.get(k) ?? []);
}
