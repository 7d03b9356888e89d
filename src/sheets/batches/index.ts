// The batches an owner may upload as a sheet.
import type { Batch } from "../batch.ts";
import { loansBatch } from "./loans.ts";
import { dishonestyBatch } from "./dishonesty.ts";

export const BATCHES: readonly Batch<any>[] = [
  loansBatch,
  dishonestyBatch,
];
