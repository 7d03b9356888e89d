// Preloaded (`node --import ./bench/graphql-production-mode.mjs …`) by the benchmark's unenforced
// server: graphql-js in its production mode, as in the enforced one, although that server runs
// with NODE_ENV=development (the configuration refuses ACCESS_ENFORCEMENT=off in production).
// graphql-js decides its mode once, when it loads: outside production its instanceOf looks at the
// class name of every failed instanceof, measured at some 0.9 ms of a nested read's 20 ms of CPU,
// which would make the unenforced server slower and the enforcement's cost look smaller.
// Loaded here before anything else imports it: under Node, `graphql` resolves to its CommonJS
// build (the package has no exports map), which both import and require then share.
import { createRequire } from "node:module";

const mode = process.env.NODE_ENV;
process.env.NODE_ENV = "production";
createRequire(import.meta.url)("graphql");
process.env.NODE_ENV = mode;
