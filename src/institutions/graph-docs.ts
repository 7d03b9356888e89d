// Descriptions for the types Pothos generates around this domain's fields: connection and edge
// types, and the result union and success type of each mutation.
import { WRITE_ERRORS } from "../writes/errors.ts";

/** Connection and edge type options for a list of `what`: spread after the field options. */
export const connectionDocs = (what: string) => [{ description: `A page of ${what}.` }, { description: `One of ${what}, with its cursor.` }] as const;

/** The `errors` option of a write returning `what`: the typed write errors, the result union and success type described. */
export function writeResult(what: string) {
  return {
    types: WRITE_ERRORS,
    union: { description: `The result of the write: ${what}, or the typed error explaining why nothing was written.` },
    result: { description: `The write succeeded: ${what}.` },
    dataField: { description: `${what[0]!.toUpperCase()}${what.slice(1)}, as stored after the write.` },
  };
}
