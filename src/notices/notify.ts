// Correction notices downstream (issue 10 item 3): when an owner corrects, retires, repairs,
// revokes or deletes a record, every agency that received the changed fields gets ONE notice per
// change, written in the change's own transaction (with its outbox event: subscriptions and
// webhooks deliver it), so a change and its notices commit together or not at all.
//
// Who received what comes from the read audit, not from the policy: an agency that read a field
// when the policy allowed it is told even if the policy has closed since. A notice names the
// record, the fields and the kind of change and carries no value, so it can never show a value
// its recipient may no longer read.
import { randomUUID } from "node:crypto";
import type { Agency, ChangeAction, NoticeKind, Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { expandRecords, recordKey } from "../access/audit/chain.ts";

export const NOTICE_TOPIC = "notice.correction";
/** dispute answers and passed deadlines (disputes, punishment feedback) */
export const FEEDBACK_TOPIC = "notice.feedback";
export const NOTICE_TOPICS = [NOTICE_TOPIC, FEEDBACK_TOPIC] as const;

/** A history row as committed, with its id. */
export interface CommittedChange {
  id: bigint;
  entityType: string;
  entityId: number;
  entityKey: string;
  action: ChangeAction;
  changes: unknown;
}

/** Agencies told of a change whether or not they read the record: those acting on a punishment case it ended. */
export interface ActingRecipient {
  agency: Agency;
  countyCode: string | null;
  caseIds: number[];
}

export type ExtraRecipients = Map<string, ActingRecipient[]>;

const recipientKey = (agency: string, countyCode: string | null) => `${agency}|${agency === "COUNTY" ? (countyCode ?? "") : ""}`;

/** The kind of notice a change makes, from what it changed. */
export function noticeKindOf(change: Pick<CommittedChange, "action" | "changes">): NoticeKind | null {
  if (change.action !== "UPDATE" && change.action !== "RETIRE") return null;
  const changes = (change.changes ?? {}) as Record<string, { new?: unknown }>;
  if (changes.deletedAt && changes.deletedAt.new != null) return "DELETED";
  const status = changes.status?.new;
  if (status === "REPAIRED" || status === "REVOKED" || status === "EXPIRED") return status;
  return change.action === "RETIRE" ? "RETIRED" : "CORRECTED";
}

/**
 * The received fields a change touched. The audit holds the graph's field names, the history the
 * columns: a relation's column is its field plus "Id" (borrowerId → borrower).
 */
export function touchedFields(received: Iterable<string>, changedColumns: readonly string[]): string[] {
  const columns = new Set(changedColumns);
  return [...received].filter((f) => columns.has(f) || columns.has(`${f}Id`)).sort();
}

/** A notice and its outbox event, ready to insert. */
export interface NoticeDraft {
  agency: Agency;
  countyCode: string | null;
  kind: NoticeKind;
  entityType: string;
  entityId: number;
  entityKey: string;
  fields: string[];
  changeRecordId?: bigint | null;
  disputeId?: number | null;
  caseId?: number | null;
  endedCaseIds?: number[];
}

/** Inserts notices with one outbox event each; the event's id is the notice's eventId. */
export async function insertNotices(tx: Prisma.TransactionClient, drafts: readonly NoticeDraft[], topic: string = NOTICE_TOPIC): Promise<number> {
  if (!drafts.length) return 0;
  const rows = drafts.map((d) => ({ ...d, countyCode: d.agency === "COUNTY" ? d.countyCode : null, endedCaseIds: d.endedCaseIds ?? [], eventId: randomUUID() }));
  await tx.notice.createMany({ data: rows });
  await tx.outboxEvent.createMany({
    data: rows.map((r) => ({ id: r.eventId, topic, agency: r.agency, countyCode: r.countyCode, payload: { kind: r.kind, entityType: r.entityType, entityId: r.entityId } })),
  });
  return rows.length;
}

/**
 * The notices of committed changes: one per (change, recipient). Recipients are the agencies
 * (county governments by county) whose audited reads hold the record, other than the writer's
 * own agency; a correction tells only those that received a changed field, a retirement,
 * repair, revocation, expiry or deletion every one that received the record.
 */
export async function noticeChanges(tx: Prisma.TransactionClient, ctx: GraphContext, changes: readonly CommittedChange[], extra?: ExtraRecipients): Promise<number> {
  const relevant = changes.map((c) => ({ c, kind: noticeKindOf(c) })).filter((x): x is { c: CommittedChange; kind: NoticeKind } => x.kind !== null);
  if (!relevant.length) return 0;
  const keys = [...new Set(relevant.map(({ c }) => recordKey(c.entityType, c.entityId)))];
  // The GIN index on record_keys answers the overlap; the writer's own agency is no recipient.
  const entries = await tx.$queryRawUnsafe<{ agency: Agency; countyCode: string | null; records: unknown }[]>(
    `SELECT agency::text AS agency, county_code AS "countyCode", records FROM audit_entry WHERE record_keys && $1::text[] AND agency <> $2::"Agency"`,
    keys,
    ctx.principal.agency,
  );
  const wanted = new Set(keys);
  // record key → recipient → { agency, county, fields received }
  const received = new Map<string, Map<string, { agency: Agency; countyCode: string | null; fields: Set<string> }>>();
  for (const e of entries) {
    for (const r of expandRecords(e.records)) {
      const key = recordKey(r.entityType, r.entityId);
      if (!wanted.has(key)) continue;
      let byRecipient = received.get(key);
      if (!byRecipient) received.set(key, (byRecipient = new Map()));
      const rk = recipientKey(e.agency, e.countyCode);
      let got = byRecipient.get(rk);
      if (!got) byRecipient.set(rk, (got = { agency: e.agency, countyCode: e.agency === "COUNTY" ? e.countyCode : null, fields: new Set() }));
      for (const f of r.fields) got.fields.add(f);
    }
  }
  const drafts: NoticeDraft[] = [];
  for (const { c, kind } of relevant) {
    const key = recordKey(c.entityType, c.entityId);
    const columns = Object.keys((c.changes ?? {}) as object);
    const acting = new Map((extra?.get(key) ?? []).filter((a) => a.agency !== ctx.principal.agency).map((a) => [recipientKey(a.agency, a.countyCode), a]));
    const readers = received.get(key) ?? new Map();
    for (const rk of new Set([...readers.keys(), ...acting.keys()])) {
      const reader = readers.get(rk);
      const act = acting.get(rk);
      const fields = reader ? touchedFields(reader.fields, columns) : [];
      if (kind === "CORRECTED" && !fields.length && !act) continue;
      const who = reader ?? act!;
      drafts.push({ agency: who.agency, countyCode: who.countyCode, kind, entityType: c.entityType, entityId: c.entityId, entityKey: c.entityKey, fields, changeRecordId: c.id, endedCaseIds: act?.caseIds ?? [] });
    }
  }
  return insertNotices(tx, drafts);
}
