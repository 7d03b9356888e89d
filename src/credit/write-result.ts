// The typed result of a write in the graph: the errors it can return, with every generated
// result type described (the plugin leaves the union, success type and data field bare).
import { WRITE_ERRORS } from "../writes/errors.ts";

export function writeResult(record: string) {
  return {
    types: WRITE_ERRORS,
    union: { description: `The ${record} written, or the expected failure that stopped the write (nothing was written).` },
    result: { description: `The write succeeded.` },
    dataField: { description: `The ${record} as stored after the write.` },
  };
}
