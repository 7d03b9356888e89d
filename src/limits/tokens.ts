// Token limit (MAX_TOKENS, default 5,000): graphql-js's parser counts the document's lexical
// tokens and stops at the limit, before the document is built or validated, so a huge query costs
// no more than reading it. The parser's own message names the limit and points into the document;
// it is replaced by one that does neither. The refusal stays what Apollo makes of any syntax
// error: HTTP 400, code GRAPHQL_PARSE_FAILED (never a 500, never the query echoed).
// The parser is recursive: a document nested a few thousand levels deep (within the token limit)
// overflows the stack before the depth limit can count it. That too is a parse failure, reworded.
import type { GraphQLFormattedError, ParseOptions } from "graphql";

export const tokenParseOptions = (maxTokens: number): ParseOptions => ({ maxTokens });

// graphql 16 spells it "more that"; later versions "more than".
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] \d+ tokens\. Parsing aborted\.$/;
const STACK_OVERFLOW = /^Maximum call stack size exceeded$/;

/** The formatted error, with the parser's limit messages (if it is one) made anonymous. */
export function maskTokenLimitError(error: GraphQLFormattedError): GraphQLFormattedError {
  if (error.extensions?.code !== "GRAPHQL_PARSE_FAILED") return error;
  if (TOKEN_LIMIT.test(error.message)) {
    return { message: "Syntax Error: the document is too large: send a shorter query, with values in variables.", extensions: { code: "GRAPHQL_PARSE_FAILED", limit: "tokens" } };
  }
  if (STACK_OVERFLOW.test(error.message)) {
    return { message: "Syntax Error: the document nests too deeply.", extensions: { code: "GRAPHQL_PARSE_FAILED", limit: "depth" } };
  }
  return error;
}
