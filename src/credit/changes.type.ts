// The dishonesty change log as the credit platform reads it (DOMAIN.md §7: "everything changed
// since my last cursor"): one item per committed change, in `seq` order, with the record's
// current state. Why `seq` order is commit order is explained in change-sequence.ts.
import { builder } from "../builder.ts";
import type { DishonestyRecord, DishonestyRecordChange } from "../generated/prisma/client.ts";
import { DishonestyStatusEnum } from "./dishonesty.enums.ts";
import { DishonestyRecordNode } from "./dishonesty.type.ts";

export const DishonestyChangeKindEnum = builder.enumType("DishonestyChangeKind", {
  description: "What a change did to a dishonesty record, as the change log records it (变更类型).",
  values: {
    UPSERT: { description: "The record was listed or corrected and is active (新增或更正)." },
    TOMBSTONE: { description: "The record left its list (repaired, expired, revoked) or was deleted (移出或删除)." },
  } as const,
});

export const DishonestyRecordChangeType = builder.prismaObject("DishonestyRecordChange", {
  description: "One committed change of a dishonesty record in the change log (失信记录变更), for incremental synchronisation.",
  fields: (t) => ({
    seq: t.string({
      description: "The change's sequence number (变更序号), a 64-bit integer as a string; increasing in commit order, possibly with gaps.",
      resolve: (c) => c.seq.toString(),
    }),
    kind: t.expose("kind", { type: DishonestyChangeKindEnum, description: "UPSERT, or TOMBSTONE once the record left its list or was deleted." }),
    documentNo: t.exposeString("documentNo", { description: "The changed record's decision document number (决定文书号), kept even when the record was deleted." }),
    status: t.expose("status", { type: DishonestyStatusEnum, description: "The record's status right after this change." }),
    changedAt: t.expose("changedAt", { type: "DateTime", description: "When the change was written." }),
    record: t.field({
      type: DishonestyRecordNode,
      nullable: true,
      description:
        "The record as it is now (not as of this change: a later change may already show in it, and arrives later in the feed); null once the record was deleted.",
      // Loaded with the page's own query (the client's selection under `record`), plus deletedAt
      // to tell a deleted record, which the graph never shows, from a live one.
      select: (_args, _ctx, nestedSelection) => ({ record: nestedSelection({ select: { deletedAt: true } }) }),
      resolve: (change) => {
        const record = (change as unknown as { record: Pick<DishonestyRecord, "deletedAt"> }).record;
        return record.deletedAt ? null : (record as DishonestyRecord);
      },
    }),
  }),
});

export interface DishonestyChangePage {
  items: DishonestyRecordChange[];
  cursor: string;
  hasMore: boolean;
}

export const DishonestyRecordChangePageType = builder.objectRef<DishonestyChangePage>("DishonestyRecordChangePage").implement({
  description: "A page of the dishonesty change log after a cursor, in sequence (commit) order.",
  fields: (t) => ({
    items: t.field({ type: [DishonestyRecordChangeType], description: "The changes of this page, in increasing `seq`.", resolve: (p) => p.items }),
    cursor: t.exposeString("cursor", {
      description: "Where the next page starts: the `seq` of this page's last change, or the `after` given when the page is empty. Store it with what you applied.",
    }),
    hasMore: t.exposeBoolean("hasMore", { description: "True when more changes were already committed after this page: ask again at once." }),
  }),
});
