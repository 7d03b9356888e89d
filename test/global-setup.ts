// Runs once before the suite: builds the template databases every test file copies
// (helpers/templates.ts), in a child process, and removes them after the run.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { TEMPLATE_BUILDERS, TEMPLATE_SCALES, type Templates } from "./helpers/template-keys.ts";

/**
 * The scales shared out among the builder processes, largest first, each to the one with the least
 * so far: the largest alone, the small ones together (a second template in a process skips the
 * process's start and module loading).
 */
function builderGroups(): number[][] {
  const groups: number[][] = Array.from({ length: TEMPLATE_BUILDERS }, () => []);
  const load = (g: number[]) => g.reduce((sum, s) => sum + s, 0);
  for (const scale of [...TEMPLATE_SCALES].sort((a, b) => b - a)) groups.reduce((least, g) => (load(g) < load(least) ? g : least)).push(scale);
  return groups.filter((g) => g.length);
}

declare module "vitest" {
  export interface ProvidedContext {
    templates: Templates;
  }
}

export default async function setup(project: TestProject) {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), "dlg-templates-"));
  // A few processes side by side: two cores build the templates in about the time of the largest.
  const built = await Promise.all(
    builderGroups().map(async (scales) => {
      const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "test/helpers/templates.ts", dir, scales.join(",")], {
        env: process.env,
        maxBuffer: 16 * 1024 * 1024,
      });
      return JSON.parse(stdout.trim().split("\n").pop()!) as Templates;
    }),
  );
  const templates: Templates = Object.assign({}, ...built);
  console.log(`template databases built in ${Math.round(performance.now() - started)} ms`);
  project.provide("templates", templates);
  return async () => {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (adminUrl) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      for (const { source } of Object.values(templates)) await admin.query(`DROP DATABASE IF EXISTS ${source} WITH (FORCE)`);
      await admin.end();
    }
    await rm(dir, { recursive: true, force: true });
  };
}
