// What compiling one Prisma args tree builds up: the parameters (every value of the args becomes
// one, so the SQL text depends only on the args' shape) and table aliases.

/**
 * An args construct the compiler does not translate. Never caught to drop a condition: the caller
 * answers the whole read with Prisma instead (json-queries.ts).
 */
export class Unsupported extends Error {
  constructor(what: string) {
    super(`json-query: unsupported ${what}`);
  }
}

export class Statement {
  readonly params: unknown[] = [];
  private aliases = 0;

  /** a placeholder for `value` */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  alias(): string {
    return `t${this.aliases++}`;
  }
}

/** A column reference: names come from the model map, quoted in case one is a keyword ("list", "kind"). */
export const col = (alias: string, column: string): string => `${alias}."${column.replaceAll('"', '""')}"`;
export const table = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** An args object: a plain object, not a Date, Decimal or array. */
export function isArgsObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}
