// The batches an owner may upload as a sheet.
import type { Batch } from "../batch.ts";
import { loansBatch } from "./loans.ts";
import { statementsBatch } from "./statements.ts";
import { indicatorsBatch } from "./indicators.ts";
import { dishonestyBatch } from "./dishonesty.ts";
import { bondSchedulesBatch } from "./bond-schedules.ts";

// One entry a line, so batches added side by side merge cleanly.
export const BATCHES: readonly Batch<any>[] = [
  loansBatch,
  statementsBatch,
  indicatorsBatch,
  dishonestyBatch,
  bondSchedulesBatch,
];
