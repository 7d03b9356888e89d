// Descriptions for the types Pothos generates around this domain's fields (connection and edge
// types, mutation result unions), so every type of the schema says what it is.
import { WRITE_ERRORS } from "../writes/errors.ts";

/** Connection and edge type options for a list of `what`: spread after the field options. */
export const connectionDocs = (what: string) =>
  [{ description: `A page of ${what}.` }, { description: `One of ${what} with its cursor.` }] as const;

/** The `errors` option of a write returning `what`: the result union, its success type and its data field described. */
export const writeErrors = (what: string) => ({
  types: WRITE_ERRORS,
  union: { description: `The outcome of the write: ${what}, or the reason nothing was written.` },
  result: { description: `The write succeeded: ${what}.` },
  dataField: { description: `The result: ${what}.` },
});
