// The sync client's local store: one JSON file holding the records AND the position they
// correspond to, replaced atomically (write a temp file, fsync, rename, fsync the directory).
// A kill at any moment leaves either the previous file or the new one, never a mix, so the
// records and the cursor always agree: on restart nothing is lost and nothing is applied twice
// (records are keyed by document number anyway, so a replayed change cannot duplicate one).
import { mkdir, open, readFile, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";

/** A record as stored: the export's line, or the feed's `record` (same shape, see changes.graphql). */
export type StoredRecord = { id: string; documentNo: string; changeSeq: string } & Record<string, unknown>;

export type SyncState =
  | {
      format: 1;
      /** loading the export: `cursor` from the first attempt's X-Change-Cursor, `after` the last stored line's id */
      phase: "export";
      export: { cursor: string; after: string | null };
      records: Record<string, StoredRecord>;
    }
  | {
      format: 1;
      /** following dishonestyRecordChanges from `cursor` */
      phase: "changes";
      cursor: string;
      records: Record<string, StoredRecord>;
    };

const FILE = "state.json";

export async function loadState(dir: string): Promise<SyncState | null> {
  await mkdir(dir, { recursive: true });
  // Temp files of a run killed mid-write are garbage: the rename never happened.
  for (const name of await readdir(dir)) if (name.startsWith(`${FILE}.tmp-`)) await rm(join(dir, name), { force: true });
  try {
    const state = JSON.parse(await readFile(join(dir, FILE), "utf8")) as SyncState;
    if (state.format !== 1) throw new Error(`${join(dir, FILE)}: unknown store format ${String(state.format)}`);
    return state;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

export async function saveState(dir: string, state: SyncState): Promise<void> {
  const path = join(dir, FILE);
  const tmp = `${path}.tmp-${process.pid}`;
  const file = await open(tmp, "w", 0o600);
  try {
    await file.writeFile(JSON.stringify(state));
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
  // The rename itself is durable only once the directory is synced (power loss, not just a kill).
  const dirHandle = await open(dir, "r");
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}
