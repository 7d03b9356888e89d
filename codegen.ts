// GraphQL Code Generator: typed document nodes for the operations the tests and the agency
// clients send, generated from the committed schema. A schema change that breaks one of
// these operations fails `npm run typecheck`.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  generates: {
    "test/generated/graphql.ts": {
      documents: ["test/operations/**/*.graphql"],
      plugins: ["typescript-operations", "typed-document-node"],
      config: {
        strictScalars: true,
        scalars: { ID: "string", Decimal: "string", Date: "string", DateTime: "string" },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false },
        useTypeImports: true,
        skipTypename: false,
      },
    },
    // Typed clients for the agency systems' registered operations (clients/<system>/*.graphql).
    "clients/generated/graphql.ts": {
      documents: ["clients/**/*.graphql", "!clients/generated/**"],
      plugins: ["typescript-operations", "typed-document-node"],
      config: {
        strictScalars: true,
        scalars: { ID: "string", Decimal: "string", Date: "string", DateTime: "string" },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
  silent: true,
};

export default config;
