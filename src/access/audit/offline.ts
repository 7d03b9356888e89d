// The export of the transparency log and its offline verification: what an agency (or an
// auditor) checks without trusting the database or its administrator. The export is JSON lines:
// a header, then one line per sealed entry in leaf order with its content. The verifier needs
// only the export, the checkpoints the agency kept (auditCheckpoints) and the platform's public
// key: it recomputes every entry's content hash and leaf, the root at every kept checkpoint's
// size, and compares. An altered, inserted, removed or reordered entry changes the root of every
// checkpoint at or after its position; entries removed from the end leave the export shorter
// than a checkpoint it must cover. What no checkpoint covers yet cannot be checked: keep them.
import type { KeyObject } from "node:crypto";
import type { Agency } from "../../generated/prisma/client.ts";
import type { AuditInput, AuditRecordInput } from "./chain.ts";
import { checkpointSignatureValid, type Checkpoint } from "./checkpoint.ts";
import { leafData } from "./leaf.ts";
import { CompactTree, leafHash } from "./merkle.ts";
import { contentOf, recomputedContentHash, SELECT_ENTRY, type StoredEntry } from "./verify.ts";
import type { DbClient } from "../../db/database.ts";

export const EXPORT_FORMAT = "deleveraging-graph/audit-export/v1";

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  treeSize: number;
  rootHash: string;
  exportedAt: string;
}

/** One sealed entry: its place, id, hashes and content (`at` as ISO text, records one by one). */
export interface ExportEntry {
  index: number;
  id: string;
  format: number;
  contentHash: string;
  legacyPrevHash: string | null;
  entry: Omit<AuditInput, "at"> & { at: string };
}

/** The lines of the export, `from` a leaf index, up to `count` lines (the header first when from = 0). */
export async function exportLines(db: DbClient, from: number, count: number): Promise<{ treeSize: number; lines: string[] }> {
  const head = await db.auditTreeHead.findUnique({ where: { id: 1 } });
  const treeSize = Number(head?.size ?? 0n);
  const lines: string[] = [];
  if (from === 0) lines.push(JSON.stringify({ format: EXPORT_FORMAT, treeSize, rootHash: head?.root ?? "", exportedAt: new Date().toISOString() } satisfies ExportHeader));
  const leaves = await db.auditLeaf.findMany({ where: { idx: { gte: BigInt(from), lt: BigInt(treeSize) } }, orderBy: { idx: "asc" }, take: count });
  const entries = new Map(((await db.auditEntry.findMany({ where: { id: { in: leaves.map((l) => l.entryId) } }, select: SELECT_ENTRY })) as StoredEntry[]).map((e) => [e.id, e]));
  for (const leaf of leaves) {
    const e = entries.get(leaf.entryId);
    // A leaf whose entry is gone is exported as it is: without its entry (the verifier says so).
    if (!e) continue;
    const content = contentOf(e);
    lines.push(JSON.stringify({ index: Number(leaf.idx), id: e.id.toString(), format: e.format, contentHash: e.contentHash, legacyPrevHash: e.legacyPrevHash, entry: { ...content, at: content.at.toISOString() } } satisfies ExportEntry));
  }
  return { treeSize, lines };
}

export interface OfflineVerdict {
  ok: boolean;
  entries: number;
  /** the checkpoints whose size the export covers and whose root it reproduces */
  checkpointsMatched: number;
  /** what is wrong, one line each */
  problems: string[];
}

function toInput(e: ExportEntry["entry"]): AuditInput {
  return { ...e, at: new Date(e.at), agency: e.agency as Agency, records: e.records.map((r: AuditRecordInput) => ({ ...r, fields: [...r.fields] })) };
}

/** Verifies an export (its lines) against kept checkpoints and the platform's public key(s). */
export function verifyExport(lines: readonly string[], checkpoints: readonly Checkpoint[], publicKeys: readonly KeyObject[]): OfflineVerdict {
  const problems: string[] = [];
  const sorted = [...checkpoints].sort((a, b) => a.treeSize - b.treeSize);
  for (const c of sorted) {
    if (!publicKeys.some((k) => checkpointSignatureValid(c, k))) problems.push(`checkpoint at size ${c.treeSize}: its signature is not the platform's (forged or altered checkpoint)`);
  }
  const trusted = sorted.filter((c) => publicKeys.some((k) => checkpointSignatureValid(c, k)));
  for (let i = 1; i < trusted.length; i++) {
    if (trusted[i]!.treeSize === trusted[i - 1]!.treeSize && trusted[i]!.rootHash !== trusted[i - 1]!.rootHash) problems.push(`two signed checkpoints at size ${trusted[i]!.treeSize} with different roots: the log was forked`);
  }
  const [first, ...rest] = lines.filter((l) => l.trim());
  let header: ExportHeader | null = null;
  try {
    header = first ? (JSON.parse(first) as ExportHeader) : null;
  } catch {
    /* reported below */
  }
  if (!header || header.format !== EXPORT_FORMAT) return { ok: false, entries: 0, checkpointsMatched: 0, problems: [...problems, `the export does not start with a ${EXPORT_FORMAT} header`] };
  const wanted = new Map(trusted.map((c) => [c.treeSize, c]));
  const tree = new CompactTree();
  const seen = new Set<string>();
  let matched = 0;
  let lastGood = 0;
  const check = () => {
    const c = wanted.get(tree.size);
    if (!c) return;
    if (tree.root().toString("hex") === c.rootHash) {
      matched++;
      lastGood = tree.size;
    } else {
      problems.push(`checkpoint at size ${c.treeSize} (signed ${c.at}): the root of the export's first ${c.treeSize} entries differs — an entry at index ${lastGood}..${c.treeSize - 1} was altered, inserted, removed or reordered`);
    }
  };
  for (const [n, line] of rest.entries()) {
    let e: ExportEntry;
    try {
      e = JSON.parse(line) as ExportEntry;
    } catch {
      problems.push(`line ${n + 2} of the export is not JSON`);
      break;
    }
    if (e.index !== tree.size) problems.push(`entry ${e.id} is at index ${e.index} but is the export's ${tree.size}th: an entry before it was removed, or one inserted`);
    if (seen.has(e.id)) problems.push(`entry ${e.id} appears twice`);
    seen.add(e.id);
    const recomputed = recomputedContentHash(BigInt(e.id), e.format, e.legacyPrevHash, toInput(e.entry));
    if (recomputed !== e.contentHash) problems.push(`entry ${e.id} (index ${tree.size}): its content does not match its content hash (altered)`);
    tree.append(leafHash(leafData(BigInt(e.id), recomputed)));
    check();
  }
  for (const c of trusted) {
    if (c.treeSize > tree.size) problems.push(`checkpoint at size ${c.treeSize} (signed ${c.at}) covers more entries than the export holds (${tree.size}): entries ${tree.size}..${c.treeSize - 1} were removed from the end, or the export is cut short`);
  }
  if (header.treeSize !== tree.size) problems.push(`the export's header says ${header.treeSize} entries, it holds ${tree.size}`);
  return { ok: problems.length === 0, entries: tree.size, checkpointsMatched: matched, problems };
}
