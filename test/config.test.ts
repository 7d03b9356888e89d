import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

describe("configuration from the environment", () => {
  it("has defaults that start the embedded database under .data", () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.database).toMatchObject({ kind: "pglite" });
    expect(config.database.kind === "pglite" && config.database.dir).toMatch(/\.data\/pglite$/);
    expect(config.seedDemo).toBe(true);
  });

  it("keeps demo data off a PostgreSQL database unless asked", () => {
    expect(loadConfig({ DATABASE_URL: "postgresql://localhost/x" }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: "postgresql://localhost/x", SEED_DEMO: "true" }).seedDemo).toBe(true);
  });

  it("DATA_DIR=memory selects an in-memory database", () => {
    const config = loadConfig({ DATA_DIR: "memory" });
    expect(config.database).toMatchObject({ kind: "pglite", dir: null });
    expect(config.dataDir).toBeNull();
  });

  it.each([
    ["PORT", "abc", "invalid environment variable PORT=\"abc\": must be an integer between 0 and 65535"],
    ["PORT", "70000", "invalid environment variable PORT=\"70000\": must be an integer between 0 and 65535"],
    ["SEED_DEMO", "maybe", "invalid environment variable SEED_DEMO=\"maybe\": must be true or false"],
    ["LOG_LEVEL", "loud", "invalid environment variable LOG_LEVEL=\"loud\": must be one of fatal, error, warn, info, debug, trace, silent"],
    ["DATABASE_URL", "mysql://u:secret@h/db", "invalid environment variable DATABASE_URL: must be a postgresql:// connection URL"],
    ["CLOCK", "yesterday", "invalid environment variable CLOCK=\"yesterday\": must be now or a calendar date YYYY-MM-DD (e.g. 2017-06-30)"],
    ["CLOCK", "2017-02-30", "invalid environment variable CLOCK=\"2017-02-30\": must be now or a calendar date YYYY-MM-DD (e.g. 2017-06-30)"],
  ])("rejects %s=%s with a message naming it", (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new ConfigError(message));
  });

  it("never echoes a connection string, which may hold a password", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://u:secret@h/db" })).toThrow(/^(?!.*secret).*$/);
  });

  it("npm start exits at once with one clear line when a variable is bad", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { ...process.env, PORT: "not-a-port", DATA_DIR: "memory" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('invalid environment variable PORT="not-a-port": must be an integer between 0 and 65535');
    expect(result.stdout).toBe("");
  });
});
