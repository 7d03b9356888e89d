// Moving a clue along CLUE → INVESTIGATING → CASE_FILED → DISPOSED. The fundraising office
// (FINANCE_BUREAU) advances it; only the public security bureau files a criminal case.
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import type { ClueStatus, FundraisingClue } from "../generated/prisma/client.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { ConflictError, NotFoundError, keyedIssue, ValidationError, type FieldIssue } from "../writes/errors.ts";
import { chinaDay, isoDay } from "../credit/calendar-day.ts";
import { CLUE_STATUS_RANK, ClueStatusEnum } from "./clue.enums.ts";
import { FundraisingClueNode } from "./clue.type.ts";
import { writeResult } from "../credit/write-result.ts";

const clues = (tx: Tx) => tx.fundraisingClue as unknown as Delegate<VersionedRow>;

async function liveClue(tx: Tx, clueNo: string): Promise<FundraisingClue> {
  const clue = await tx.fundraisingClue.findUnique({ where: { clueNo } });
  if (!clue) throw new NotFoundError("FundraisingClue", clueNo);
  if (clue.retiredAt) throw new ConflictError({ key: "conflict.retired", params: { entity: "FundraisingClue", key: clueNo } }, clue.version);
  return clue;
}

/** Moves the clue to `data.status`, which must lie ahead of its current status. */
async function moveClue(ctx: GraphContext, tx: Tx, clue: FundraisingClue, expectedVersion: number | null | undefined, data: { status: ClueStatus } & Record<string, unknown>) {
  if (CLUE_STATUS_RANK[data.status] <= CLUE_STATUS_RANK[clue.status]) {
    throw new ConflictError({ key: "conflict.clue.forwardOnly", params: { clue: clue.clueNo, status: clue.status } }, clue.version);
  }
  const { row } = await upsertByKey(tx, ctx, {
    delegate: clues(tx),
    entityType: "FundraisingClue",
    key: clue.clueNo,
    where: { clueNo: clue.clueNo },
    // The clue exists: without a version from the caller, the one just read guards the update.
    expectedVersion: expectedVersion ?? clue.version,
    data,
  });
  return row;
}

builder.mutationFields((t) => ({
  advanceClueStatus: t.prismaField({
    type: FundraisingClueNode,
    description:
      "Moves a clue forward: to INVESTIGATING (核查), or to DISPOSED (处置完毕) from any earlier status, e.g. closed without a case. CASE_FILED is set only by fileFundraisingCase (owner: FINANCE_BUREAU).",
    errors: writeResult("fundraising clue"),
    args: {
      clueNo: t.arg.string({ required: true, description: "The clue number." }),
      status: t.arg({ type: ClueStatusEnum, required: true, description: "The new status: INVESTIGATING or DISPOSED." }),
      expectedVersion: t.arg.int({ required: true, description: "The version you read; a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["FINANCE_BUREAU"], { key: "records.fundraisingClues" });
      return runWrite(ctx, { operation: "advanceClueStatus", input: args, idempotencyKey: args.idempotencyKey }, async (tx) => {
        if (args.status === "CASE_FILED" || args.status === "CLUE") {
          throw new ValidationError([
            keyedIssue(["status"], "transition", args.status === "CLUE" ? "transition.clueBack" : "transition.caseFiled"),
          ]);
        }
        const clue = await liveClue(tx, args.clueNo);
        return moveClue(ctx, tx, clue, args.expectedVersion, { status: args.status });
      }) as never;
    },
  }),
  fileFundraisingCase: t.prismaField({
    type: FundraisingClueNode,
    description: "Files a criminal case (立案) on a clue that is not yet filed or disposed: sets its case number and date and moves it to CASE_FILED (owner: PUBLIC_SECURITY 市公安局).",
    errors: writeResult("fundraising clue"),
    args: {
      clueNo: t.arg.string({ required: true, description: "The clue number." }),
      caseNo: t.arg.string({ required: true, description: "Criminal case number (立案编号); unique." }),
      filedOn: t.arg({ type: "Date", required: true, description: "When the case was filed (立案日期): not before the clue was received, not in the future." }),
      expectedVersion: t.arg.int({ description: "The version you read; when given, a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["PUBLIC_SECURITY"], { key: "records.fundraisingCases" });
      return runWrite(ctx, { operation: "fileFundraisingCase", input: args, idempotencyKey: args.idempotencyKey }, async (tx) => {
        const clue = await liveClue(tx, args.clueNo);
        const caseNo = args.caseNo.trim();
        const issues: FieldIssue[] = [];
        if (!caseNo || caseNo.length > 100) issues.push(keyedIssue(["caseNo"], "length", "length.caseNo"));
        const holder = caseNo ? await tx.fundraisingClue.findUnique({ where: { caseNo }, select: { clueNo: true } }) : null;
        if (holder && holder.clueNo !== clue.clueNo) issues.push(keyedIssue(["caseNo"], "unique", "unique.caseNo"));
        if (args.filedOn < clue.receivedOn) issues.push(keyedIssue(["filedOn"], "dateOrder", "dateOrder.clueReceived", { received: isoDay(clue.receivedOn) }));
        if (args.filedOn > chinaDay(ctx.businessNow)) issues.push({ path: ["filedOn"], rule: "notFuture", message: "must not be in the future" });
        if (issues.length) throw new ValidationError(issues);
        return moveClue(ctx, tx, clue, args.expectedVersion, { status: "CASE_FILED", caseNo, caseFiledOn: args.filedOn });
      }) as never;
    },
  }),
}));
