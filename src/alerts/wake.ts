// How a write wakes the evaluation worker of its own process the moment it commits (runWrite):
// on the embedded database nothing else would (no NOTIFY there), and on PostgreSQL it saves the
// round trip of the trigger's notification. Keyed by the database client: one worker per client.
const workers = new WeakMap<object, Set<() => void>>();

/** Registers a worker's wake-up for writes committed through `prisma`; returns the unregistration. */
export function onCommittedWrite(prisma: object, wake: () => void): () => void {
  let set = workers.get(prisma);
  if (!set) workers.set(prisma, (set = new Set()));
  set.add(wake);
  return () => void set.delete(wake);
}

/** A write through `prisma` committed: whatever it marked dirty is evaluated now. */
export function committedWrite(prisma: object): void {
  for (const wake of workers.get(prisma) ?? []) wake();
}
