// The template databases' names and shapes (built by helpers/templates.ts), in a module light enough
// for vitest's global setup to import.
export const DEFAULT_SEED = 20161231;
/** the demo scales test files ask for; each gets a template (a scale without one is seeded by every file that asks) */
export const TEMPLATE_SCALES = [0.02, 0.05, 0.1, 0.2];
/** processes building the templates side by side (test/global-setup.ts) */
export const TEMPLATE_BUILDERS = 3;

export interface Template {
  /** PGlite: the dump file; PostgreSQL: the template database's name */
  source: string;
  keys: Record<string, string>;
}
export type Templates = Record<string, Template>;

export const templateKey = (seed: number, scale: number) => `${seed}:${scale}`;

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
