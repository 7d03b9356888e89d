// Example client of the city's public credit system (CREDIT_PLATFORM): keeps a local copy of the
// dishonesty records in a directory, incrementally.
//
//   CREDIT_SYNC_KEY=dlg_… npx tsx clients/credit-platform/sync.ts --url http://localhost:4000 --store ./credit-store
//
// Options (or environment): --url (CREDIT_SYNC_URL) the server, --key (CREDIT_SYNC_KEY; prefer the
// environment, a command line is visible to other users), --store (CREDIT_SYNC_STORE) the store
// directory, --page-size changes per page (default 1000), --export-checkpoint records between saves
// while loading the export (default 10000), --page-delay-ms pause after each save (default 0: a
// throttle for a busy server; the server's stream simply waits while the export is paused).
//
// First run: streams GET /export/dishonesty-records.ndjson into the store; its last line is the
// change cursor. Every run then pulls dishonestyRecordChanges page by page from the stored cursor,
// applying each change (the record's current state, or its removal once deleted) and saving
// records and cursor together after each page, until the feed has nothing more. Kill it at any
// moment and run it again: it resumes from the last save (store.ts explains why nothing is lost or
// doubled). A run cut off while loading the export resumes with ?after=<last stored id> and keeps
// the first attempt's cursor, which is the earlier one, so no change made in between is missed.
// Standalone: Node's own modules only.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { loadState, saveState, type StoredRecord, type SyncState } from "./store.ts";

const USAGE = `CREDIT_SYNC_KEY=<api key> npx tsx clients/credit-platform/sync.ts --url <server> --store <directory> [options]

Keeps a local copy of the dishonesty records the key may read in <directory>: the export first,
then the change feed, saving after each page; run it again to resume or to catch up.
  --url <server>             the server, e.g. http://localhost:4000 (or CREDIT_SYNC_URL)
  --store <directory>        where the copy and its cursor live (or CREDIT_SYNC_STORE)
  --key <api key>            the CREDIT_PLATFORM key (prefer CREDIT_SYNC_KEY: a command line is visible to other users)
  --page-size N              changes per page, 1–1000 (default 1000)
  --export-checkpoint N      records between saves while loading the export (default 10000)
  --page-delay-ms N          pause after each save, a throttle for a busy server (default 0)
  --help                     this text`;
const SYNOPSIS = USAGE.split("\n")[0];

function usageError(message: string): never {
  console.error(`${message}; usage: ${SYNOPSIS} (--help for more)`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      url: { type: "string", default: process.env.CREDIT_SYNC_URL },
      key: { type: "string", default: process.env.CREDIT_SYNC_KEY },
      store: { type: "string", default: process.env.CREDIT_SYNC_STORE },
      "page-size": { type: "string", default: "1000" },
      "export-checkpoint": { type: "string", default: "10000" },
      "page-delay-ms": { type: "string", default: "0" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
} catch (error) {
  // Node's messages, as one line naming the flag.
  const message = (error as Error).message;
  const flag = /'(-[^' ]+)/.exec(message)?.[1];
  usageError(/Unknown option/.test(message) ? `unknown option ${flag}` : /argument missing/.test(message) ? `option ${flag} needs a value` : message.split(".")[0]!);
}
const { values } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.url) usageError("--url (or CREDIT_SYNC_URL) is required");
if (!values.store) usageError("--store (or CREDIT_SYNC_STORE) is required");
if (!values.key) usageError("the key is required: CREDIT_SYNC_KEY (or --key)");

function integerOption(name: string, min: number, max: number): number {
  const raw = values[name as keyof typeof values] as string;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) usageError(`--${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(raw)}`);
  return n;
}
let origin: string;
try {
  const url = new URL(values.url);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http");
  origin = url.origin;
} catch {
  usageError(`--url must be an http:// or https:// address such as http://localhost:4000, not ${JSON.stringify(values.url)}`);
}
const storeDir = values.store;
const auth = { authorization: `Bearer ${values.key}` };
const pageSize = integerOption("page-size", 1, 1000);
const exportCheckpoint = integerOption("export-checkpoint", 1, 10_000_000);
const pageDelayMs = integerOption("page-delay-ms", 0, 3_600_000);
const CHANGES = readFileSync(new URL("./changes.graphql", import.meta.url), "utf8");

/** Progress as JSON lines on stdout, for logs (and for the tests that kill this process). */
const log = (event: string, fields: Record<string, unknown> = {}) => console.log(JSON.stringify({ event, ...fields }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const minSeq = (a: string, b: string) => (BigInt(a) <= BigInt(b) ? a : b);

async function failure(res: Response, what: string): Promise<Error> {
  return new Error(`${what}: HTTP ${res.status} ${(await res.text()).slice(0, 500)}`);
}

/** fetch, with a network failure named by its URL and cause (fetch itself says only "fetch failed"). */
async function request(url: string, init: RequestInit, what: string): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.message ?? cause?.code ?? (error as Error).message;
    throw new Error(`${what}: cannot reach ${url}: ${reason}`);
  }
}

/** Loads (or resumes loading) the export; returns the state switched to following the feed. */
async function loadExport(state: Extract<SyncState, { phase: "export" }> | null): Promise<Extract<SyncState, { phase: "changes" }>> {
  const after = state?.export.after ?? null;
  const res = await request(`${origin}/export/dishonesty-records.ndjson${after ? `?after=${encodeURIComponent(after)}` : ""}`, { headers: auth }, "export");
  if (!res.ok || !res.body) throw await failure(res, "export");
  // The first attempt's cursor stays: it is the earliest, so the feed covers every attempt.
  const current = state ?? { format: 1 as const, phase: "export" as const, export: { cursor: res.headers.get("x-change-cursor") ?? "0", after: null }, records: {} };
  let finalCursor: string | null = null;
  let sinceSave = 0;
  for await (const line of createInterface({ input: Readable.fromWeb(res.body as never), crlfDelay: Infinity })) {
    if (!line) continue;
    const row = JSON.parse(line) as StoredRecord | { cursor: string };
    if (!("documentNo" in row)) {
      finalCursor = row.cursor;
      break;
    }
    current.records[row.documentNo] = row;
    current.export.after = row.id;
    if (++sinceSave >= exportCheckpoint) {
      await saveState(storeDir, current);
      log("export-checkpoint", { records: Object.keys(current.records).length, after: row.id });
      sinceSave = 0;
      if (pageDelayMs) await sleep(pageDelayMs);
    }
  }
  // A stream cut short (server or network failure) has no cursor line: keep what was saved, retry later.
  if (finalCursor === null) throw new Error("the export ended without its cursor line; run again to resume");
  const next = { format: 1 as const, phase: "changes" as const, cursor: minSeq(current.export.cursor, finalCursor), records: current.records };
  await saveState(storeDir, next);
  log("export-done", { records: Object.keys(next.records).length, cursor: next.cursor });
  return next;
}

interface ChangePage {
  cursor: string;
  hasMore: boolean;
  items: Array<{ seq: string; kind: "UPSERT" | "TOMBSTONE"; documentNo: string; record: StoredRecord | null }>;
}

async function fetchChanges(after: string): Promise<ChangePage> {
  const res = await request(
    `${origin}/graphql`,
    {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ query: CHANGES, operationName: "DishonestyRecordChanges", variables: { after, first: pageSize } }),
    },
    "dishonestyRecordChanges",
  );
  if (!res.ok) throw await failure(res, "dishonestyRecordChanges");
  const body = (await res.json()) as { data?: { dishonestyRecordChanges: ChangePage | null }; errors?: Array<{ message: string }> };
  const page = body.data?.dishonestyRecordChanges;
  // Fields this key may not read come back null with an error; a missing page is a failure.
  if (!page) throw new Error(`dishonestyRecordChanges: ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
  return page;
}

/** Follows the feed until it has nothing more; each page is applied and saved with its cursor. */
async function followChanges(state: Extract<SyncState, { phase: "changes" }>): Promise<number> {
  let applied = 0;
  for (;;) {
    const page = await fetchChanges(state.cursor);
    for (const item of page.items) {
      // The record's current state, or gone: deleted (null). Applying a state twice changes nothing.
      if (item.record) state.records[item.documentNo] = item.record;
      else delete state.records[item.documentNo];
    }
    if (page.items.length) {
      state.cursor = page.cursor;
      await saveState(storeDir, state);
      applied += page.items.length;
      log("page", { items: page.items.length, cursor: page.cursor, records: Object.keys(state.records).length });
    }
    if (!page.hasMore) return applied;
    if (pageDelayMs) await sleep(pageDelayMs);
  }
}

try {
  let state = await loadState(storeDir);
  if (!state || state.phase === "export") state = await loadExport(state);
  const applied = await followChanges(state);
  log("done", { applied, records: Object.keys(state.records).length, cursor: state.cursor });
} catch (error) {
  console.error(`sync failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
