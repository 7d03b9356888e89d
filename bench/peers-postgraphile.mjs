// PostGraphile 5 as bench/peers.ts runs it: library mode, the Amber preset with simplified
// inflection, grafserv on node:http, one pg pool of PEERS_POOL_SIZE connections (as many as the
// project's DATABASE_POOL_SIZE default, 10), production settings, no explain, no GraphiQL, no
// subscriptions. Copied into the scratch directory next to its node_modules and run with Node 22:
//   PEERS_DATABASE_URL=postgresql://… PEERS_PORT=5678 node server.mjs
// Plain JavaScript on purpose: it is not part of the project's type-checked code, whose
// dependencies do not include PostGraphile.
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";
import { jsonPgSmartTags } from "postgraphile/utils";
import { PgSimplifyInflectionPreset } from "@graphile/simplify-inflection";

const connectionString = process.env.PEERS_DATABASE_URL;
const port = Number(process.env.PEERS_PORT);
if (!connectionString || !port) {
  console.error("PEERS_DATABASE_URL and PEERS_PORT are required");
  process.exit(2);
}

// What a PostGraphile user would tag to ask the same questions of this database: Amber offers
// condition/orderBy only on indexed columns, and lookups only on unique *constraints* (Prisma's
// @unique is a unique index), so the columns the operations filter or sort on are opted in, and
// enterprise.uscc is declared unique (enterpriseByUscc). No other change to the generated API.
const filterBy = { tags: { behavior: "+filterBy" } };
const orderBy = { tags: { behavior: "+orderBy" } };
const SmartTags = jsonPgSmartTags({
  version: 1,
  config: {
    class: {
      enterprise: { tags: { unique: "uscc" }, attribute: { retired_at: filterBy } },
      loan: { attribute: { retired_at: filterBy } },
      guarantee: { attribute: { retired_at: filterBy } },
      bond: { attribute: { retired_at: filterBy } },
      financial_statement: { attribute: { retired_at: filterBy } },
      dishonesty_record: { attribute: { deleted_at: filterBy } },
      bond_schedule_item: { attribute: { kind: orderBy } },
      bond_payment: { attribute: { paid_on: orderBy } },
    },
  },
});

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset, PgSimplifyInflectionPreset],
  plugins: [SmartTags],
  pgServices: [
    makePgService({
      connectionString,
      schemas: ["public"],
      poolConfig: { max: Number(process.env.PEERS_POOL_SIZE ?? 10) },
      // No LISTEN connection: nothing here subscribes.
      pubsub: false,
    }),
  ],
  grafserv: { port, host: "127.0.0.1", graphqlPath: "/graphql", graphiql: false, watch: false, maxRequestLength: 1_000_000 },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on("error", (error) => {
  console.error(error);
  process.exit(1);
});
// addTo builds the schema (introspection) before it resolves: listening after it means ready.
await serv.addTo(server);
// Fastify's default, so that both servers keep idle connections alike.
server.keepAliveTimeout = 72_000;
server.listen(port, "127.0.0.1", () => console.log(JSON.stringify({ msg: "ready", url: `http://127.0.0.1:${port}/graphql` })));

const stop = async () => {
  server.close();
  await pgl.release();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
