// GraphQL Code Generator: typed document nodes for the operations the tests (and later the
// agency clients) send, generated from the committed schema. A schema change that breaks one of
// these operations fails `npm run typecheck`.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: ["test/operations/**/*.graphql"],
  generates: {
    "test/generated/graphql.ts": {
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
  },
  silent: true,
};

export default config;
