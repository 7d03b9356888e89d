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
    // Files run one after another in each worker's process, sharing its loaded modules: loading
    // the app (schema, Prisma client, Apollo) again for every file cost ~2.8 s of CPU per file.
    // Every file starts its own servers and databases; no test keeps state in a module.
    isolate: false,
    maxWorkers: 2,
    // The tests were written against English messages: servers and command-line tools they start
    // answer in English unless a test asks otherwise (src/i18n/; test/i18n.test.ts checks Chinese).
    env: { DEFAULT_LANGUAGE: "en" },
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ["default"],
  },
});
