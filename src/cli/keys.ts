// npm run keys: API keys from the command line (see USAGE). Works while the server runs: on the
// embedded database it then goes through the server (src/cli/operator.ts).
import { configWithFlags, fail, parseCommandLine, say } from "./command-line.ts";
import { openOperator, OperatorError, type Operator } from "./operator.ts";
import type { Agency } from "../generated/prisma/client.ts";
import { COLUMNS } from "../access/policy/matrix.ts";

const USAGE = `npm run keys -- create|list|rotate|revoke [options]

  create --agency <agency> --name <name> [--county <county>] [--kind SYSTEM|USER] [--system <system>]... [--expires <timestamp>]
        issues a key and prints it once (only its hash is stored)
        --agency   one of ${COLUMNS.join(", ")}
        --name     the system or user it is for: 2–64 letters, digits, '.', '_' or '-'
        --county   for --agency COUNTY only: a division code (441704) or a name (阳东区)
        --kind     SYSTEM (a machine client, the default) or USER (an analyst)
        --system   for a SYSTEM key: a folder under clients/ (e.g. pboc-statements) whose registered
                   operations it may run; repeat for several. Where trusted operations are
                   enforced (production), a SYSTEM key runs only its systems' operations
        --expires  when it stops working, ISO-8601 with a zone (2027-12-31T00:00:00Z)
  list [--all]       prefixes, owners, expiry (secrets are never stored); --all includes revoked keys
  rotate <prefix>    a new key for the same principal; the old one is revoked at once
  revoke <prefix>    revokes a key at once

The configuration comes from the environment as for npm start (DATA_DIR, DATABASE_URL). While the
server runs on the embedded database, the commands go through it and it honours them at once.`;

const { values, positionals } = parseCommandLine({
  usage: USAGE,
  allowPositionals: true,
  options: {
    agency: { type: "string" },
    name: { type: "string" },
    county: { type: "string" },
    kind: { type: "string", default: "SYSTEM" },
    system: { type: "string", multiple: true },
    expires: { type: "string" },
    all: { type: "boolean", default: false },
  },
});
const [command, prefix, extra] = positionals;
const synopsis = USAGE.split("\n")[0]!;
if (!command) fail(say("cli.needsCommand", { synopsis }), 2);
if (!["create", "list", "rotate", "revoke"].includes(command)) fail(say("cli.unknownCommand", { command, synopsis }), 2);
if (extra !== undefined || (prefix !== undefined && (command === "create" || command === "list"))) fail(say("cli.unexpectedArgument", { option: extra ?? prefix!, synopsis }), 2);
if ((command === "rotate" || command === "revoke") && !prefix) fail(say("cli.usage", { synopsis: `npm run keys -- ${command} <prefix>` }), 2);

/** Checks what needs no database before anything is opened. */
function createRequest() {
  const agency = values.agency as string | undefined;
  if (!agency || !(COLUMNS as readonly string[]).includes(agency)) fail(say("cli.keys.agency", { values: COLUMNS.join(", ") }));
  const name = values.name as string | undefined;
  if (!name) fail(say("cli.keys.name"));
  const kind = values.kind as string;
  if (kind !== "SYSTEM" && kind !== "USER") fail(say("cli.keys.kind"));
  const expires = values.expires as string | undefined;
  const expiresAt = expires ? new Date(expires) : null;
  if (expires && (!/(Z|[+-]\d{2}:?\d{2})$/i.test(expires) || Number.isNaN(expiresAt!.getTime()))) fail(say("cli.keys.expires"));
  return { agency: agency as Agency, county: (values.county as string | undefined) ?? null, name, kind, expiresAt, systems: [...((values.system as string[] | undefined) ?? [])] } as const;
}

async function run(operator: Operator): Promise<void> {
  switch (command) {
    case "create": {
      const request = createRequest();
      const key = await operator.createKey(request);
      console.log(`created ${key.prefix} for ${request.agency}${key.countyCode ? `:${key.countyCode}` : ""}/${request.name}`);
      console.log(`key (shown once, store it now): ${key.key}`);
      return;
    }
    case "list": {
      const keys = await operator.listKeys(Boolean(values.all));
      console.table(keys.map((k) => ({ prefix: k.prefix, agency: k.agency, county: k.countyCode ?? "", name: k.name, kind: k.kind, created: k.createdAt, expires: k.expiresAt ?? "", revoked: k.revokedAt ?? "" })));
      return;
    }
    case "rotate": {
      const fresh = await operator.rotateKey(prefix!);
      if (!fresh) throw new OperatorError(`no live key ${prefix}`);
      console.log(`revoked ${prefix}; created ${fresh.prefix}`);
      console.log(`key (shown once, store it now): ${fresh.key}`);
      return;
    }
    case "revoke": {
      if (!(await operator.revokeKey(prefix!))) throw new OperatorError(`no live key ${prefix}`);
      console.log(`revoked ${prefix}`);
      return;
    }
  }
}

const config = configWithFlags();
if (command === "create") createRequest();
let operator: Operator;
try {
  operator = await openOperator(config, "npm run keys");
} catch (error) {
  fail(error instanceof OperatorError ? error.message : say("cli.cannotOpenDatabase", { reason: (error as Error).message }));
}
try {
  await run(operator);
} catch (error) {
  await operator.close().catch(() => {});
  fail(error instanceof OperatorError ? error.message : say("cli.failed", { command: `keys ${command}`, reason: (error as Error).message }));
}
await operator.close();
// The migration engine keeps a timer alive for a while after use; nothing else is pending.
process.exit(0);
