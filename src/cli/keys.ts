// npm run keys -- create --agency PBOC --name credit-sync [--county 441704] [--kind SYSTEM|USER] [--expires 2027-12-31T00:00:00Z]
// npm run keys -- list [--all]          (prefixes only; secrets are never stored)
// npm run keys -- rotate <prefix>       (new key for the same principal, old one revoked)
// npm run keys -- revoke <prefix>
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { applyPendingMigrations } from "../db/migrations.ts";
import { createApiKey, revokeApiKey, rotateApiKey } from "../access/api-keys.ts";
import type { Agency } from "../generated/prisma/client.ts";
import { COLUMNS } from "../access/policy/matrix.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    agency: { type: "string" },
    name: { type: "string" },
    county: { type: "string" },
    kind: { type: "string", default: "SYSTEM" },
    expires: { type: "string" },
    all: { type: "boolean", default: false },
  },
});
const [command, prefix] = positionals;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let config;
try {
  config = loadConfig();
} catch (error) {
  fail(error instanceof ConfigError ? error.message : String(error));
}
const db = await openDatabase(config.database);
try {
  await applyPendingMigrations(db);
  switch (command) {
    case "create": {
      if (!values.agency || !(COLUMNS as readonly string[]).includes(values.agency)) fail(`--agency must be one of ${COLUMNS.join(", ")}`);
      if (!values.name || !/^[\w.-]{2,64}$/.test(values.name)) fail("--name must be 2–64 letters, digits, '.', '_' or '-'");
      if ((values.agency === "COUNTY") !== Boolean(values.county)) fail("--county (a division code such as 441704) is required for, and only for, --agency COUNTY");
      if (values.county && !(await db.prisma.county.findFirst({ where: { code: values.county, isCity: false } }))) fail(`--county: no county ${values.county}`);
      if (values.kind !== "SYSTEM" && values.kind !== "USER") fail("--kind must be SYSTEM or USER");
      const expiresAt = values.expires ? new Date(values.expires) : null;
      if (expiresAt && Number.isNaN(expiresAt.getTime())) fail("--expires must be an ISO-8601 timestamp");
      const key = await createApiKey(db.prisma, { agency: values.agency as Agency, countyCode: values.county ?? null, name: values.name, kind: values.kind, createdBy: "cli", expiresAt });
      console.log(`created ${key.prefix} for ${values.agency}${values.county ? `:${values.county}` : ""}/${values.name}`);
      console.log(`key (shown once, store it now): ${key.key}`);
      break;
    }
    case "list": {
      const keys = await db.prisma.apiKey.findMany({ where: values.all ? {} : { revokedAt: null }, orderBy: { id: "asc" } });
      console.table(keys.map((k) => ({ prefix: k.prefix, agency: k.agency, county: k.countyCode ?? "", name: k.name, kind: k.kind, created: k.createdAt.toISOString(), revoked: k.revokedAt?.toISOString() ?? "" })));
      break;
    }
    case "rotate": {
      if (!prefix) fail("usage: npm run keys -- rotate <prefix>");
      const fresh = await rotateApiKey(db.prisma, prefix, "cli");
      if (!fresh) fail(`no live key ${prefix}`);
      console.log(`revoked ${prefix}; created ${fresh.prefix}`);
      console.log(`key (shown once, store it now): ${fresh.key}`);
      break;
    }
    case "revoke": {
      if (!prefix) fail("usage: npm run keys -- revoke <prefix>");
      if (!(await revokeApiKey(db.prisma, prefix))) fail(`no live key ${prefix}`);
      console.log(`revoked ${prefix}`);
      break;
    }
    default:
      fail("usage: npm run keys -- create|list|rotate|revoke … (see the top of src/cli/keys.ts)");
  }
} finally {
  await db.close();
}
process.exit(0);
