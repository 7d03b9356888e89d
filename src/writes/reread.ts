// A write answers with its record read back through the selection's Prisma query, so every
// selected field resolves as on a read. A selection asking nothing of the record (only
// __typename, or only the error members of the result union) makes an empty `select`, which
// Prisma refuses: the id alone then stands in for it.
export function rereadQuery<Q extends object>(query: Q): Q {
  const select = (query as { select?: object }).select;
  return select && Object.keys(select).length === 0 ? { ...query, select: { id: true } } : query;
}
