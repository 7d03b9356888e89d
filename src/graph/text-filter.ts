// Text filters match the client's text literally. Prisma hands a `contains` / `startsWith` /
// `endsWith` value to SQL LIKE as it is, where `%` and `_` are wildcards and `\` is the escape
// character, so `nameContains: "%"` would match every row. Every text filter of every domain
// builds its condition here.
const LIKE_SPECIAL = /[\\%_]/g;

/** The text with LIKE's special characters escaped (PostgreSQL's default escape character is `\`). */
const likeLiteral = (text: string): string => text.replace(LIKE_SPECIAL, "\\$&");

/** A Prisma string condition: the column contains `text`, character for character. */
export const containsText = (text: string): { contains: string } => ({ contains: likeLiteral(text) });
