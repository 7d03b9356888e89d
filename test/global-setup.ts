// Runs once before the suite: builds the template databases every test file copies
// (helpers/templates.ts), in a child process, and removes them after the run.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import type { Templates } from "./helpers/templates.ts";

declare module "vitest" {
  export interface ProvidedContext {
    templates: Templates;
  }
}

export default async function setup(project: TestProject) {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), "dlg-templates-"));
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "test/helpers/templates.ts", dir], {
    env: process.env,
    maxBuffer: 16 * 1024 * 1024,
  });
  const templates = JSON.parse(stdout.trim().split("\n").pop()!) as Templates;
  console.log(`template databases built in ${Math.round(performance.now() - started)} ms`);
  project.provide("templates", templates);
  return async () => {
    const { removeTemplates } = await import("./helpers/templates.ts").catch(() => ({ removeTemplates: null }));
    if (removeTemplates) await removeTemplates(process.env.TEST_DATABASE_URL || null, templates).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };
}
