// Connection page sizes: `first`/`last` default to 50 and may not exceed 500. A larger value is
// refused with a clear error before anything executes (Pothos would silently clamp it).
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, TypeInfo, getNamedType, valueFromAST, visit, visitWithTypeInfo, type GraphQLSchema } from "graphql";

export const MAX_PAGE_SIZE = 500;

function pageSizeErrors(schema: GraphQLSchema, document: Parameters<typeof visit>[0], variables: Record<string, unknown>): GraphQLError[] {
  const errors: GraphQLError[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        if (node.name.value !== "first" && node.name.value !== "last") return;
        const field = typeInfo.getFieldDef();
        const argument = typeInfo.getArgument();
        if (!field || !argument || !getNamedType(field.type).name.endsWith("Connection")) return;
        const value = valueFromAST(node.value, argument.type, variables);
        if (typeof value === "number" && value > MAX_PAGE_SIZE) {
          errors.push(
            new GraphQLError(`${field.name}(${node.name.value}: ${value}): at most ${MAX_PAGE_SIZE} items per page; page with "after" for more`, {
              nodes: [node],
              extensions: { code: "BAD_USER_INPUT", field: `${field.name}.${node.name.value}`, rule: "maxPageSize", max: MAX_PAGE_SIZE },
            }),
          );
        }
      },
    }),
  );
  return errors;
}

export function pageSizePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          const errors = pageSizeErrors(schema, document, request.variables ?? {});
          if (errors.length) {
            // Thrown here, the error reaches the client as a request error: nothing has executed.
            throw errors[0];
          }
        },
      };
    },
  };
}
