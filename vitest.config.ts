import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql ships CommonJS (main) and ESM (module) builds. Node loads the CommonJS one for our
    // dependencies, so our own code must get the same instance, or schema checks see two graphqls.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    // Builds the migrated, seeded template databases each test file copies (test/helpers/templates.ts).
    globalSetup: ["test/global-setup.ts"],
    // Each test file starts its own server and database; two cores, so two files at a time.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ["default"],
  },
});
