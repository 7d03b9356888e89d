// Helpers for the credit platform's sync (test/sync.test.ts): the export read whole, the feed
// read with the client's own operation, and the example client run as a child process.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import type { TestServer } from "./server.ts";

/** The operation the example client sends (clients/credit-platform/changes.graphql). */
export const CHANGES_DOCUMENT = readFileSync(new URL("../../clients/credit-platform/changes.graphql", import.meta.url), "utf8");

export type SyncedRecord = Record<string, any> & { id: string; documentNo: string; changeSeq: string };

export interface ExportRead {
  status: number;
  headers: Headers;
  records: SyncedRecord[];
  /** the last line's cursor, or null when the stream had none */
  cursor: string | null;
  /** the JSON error body of a refused export */
  error: { errors: Array<{ message: string; extensions: Record<string, unknown> }> } | null;
}

export async function readExport(server: TestServer, as: string | null, options: { after?: string; key?: string } = {}): Promise<ExportRead> {
  const key = options.key ?? (as ? server.keys[as] : undefined);
  const url = `${server.origin}/export/dishonesty-records.ndjson${options.after ? `?after=${encodeURIComponent(options.after)}` : ""}`;
  const res = await fetch(url, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  const text = await res.text();
  if (!res.ok) return { status: res.status, headers: res.headers, records: [], cursor: null, error: JSON.parse(text) };
  const lines = text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
  const last = lines.at(-1);
  const hasCursor = Boolean(last && !("documentNo" in last));
  return { status: res.status, headers: res.headers, records: (hasCursor ? lines.slice(0, -1) : lines) as SyncedRecord[], cursor: hasCursor ? String(last!.cursor) : null, error: null };
}

export interface ChangeItem {
  seq: string;
  kind: "UPSERT" | "TOMBSTONE";
  documentNo: string;
  status: string;
  changedAt: string;
  record: SyncedRecord | null;
}
export interface ChangePage {
  cursor: string;
  hasMore: boolean;
  items: ChangeItem[];
}

export async function changesPage(server: TestServer, after: string | null, first: number, as = "CREDIT_PLATFORM", document = CHANGES_DOCUMENT): Promise<ChangePage> {
  const res = await server.gql(document, { after, first }, as);
  const page = res.body.data?.dishonestyRecordChanges as ChangePage | undefined;
  if (!page) throw new Error(`dishonestyRecordChanges: ${JSON.stringify(res.body).slice(0, 800)}`);
  return page;
}

/** Applies a page as the client does: the record's current state, or its removal once deleted. */
export function applyChanges(store: Map<string, SyncedRecord>, items: ChangeItem[]): void {
  for (const item of items) {
    if (item.record) store.set(item.documentNo, item.record);
    else store.delete(item.documentNo);
  }
}

export interface ClientRun {
  child: ChildProcess;
  events: Array<Record<string, unknown> & { event: string }>;
  stderr: () => string;
  exited: Promise<number | null>;
  /** resolves with the first event (already seen or to come) matching `test` */
  waitFor(test: (e: { event: string } & Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** Starts clients/credit-platform/sync.ts as the credit platform, following its JSON progress lines. */
export function startSyncClient(server: TestServer, store: string, args: string[] = []): ClientRun {
  const child = spawn(process.execPath, ["--import", "tsx", "clients/credit-platform/sync.ts", "--url", server.origin, "--store", store, ...args], {
    env: { ...process.env, CREDIT_SYNC_KEY: server.keys.CREDIT_PLATFORM! },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const events: ClientRun["events"] = [];
  const waiters: Array<{ test: (e: ClientRun["events"][number]) => boolean; resolve: (e: Record<string, unknown>) => void }> = [];
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const event = JSON.parse(line) as ClientRun["events"][number];
    events.push(event);
    for (const w of [...waiters]) if (w.test(event)) waiters.splice(waiters.indexOf(w), 1) && w.resolve(event);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    events,
    stderr: () => stderr,
    exited,
    waitFor(test, timeoutMs = 60_000) {
      const seen = events.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`sync client: no matching event in ${timeoutMs} ms; events ${JSON.stringify(events)}; stderr ${stderr}`)), timeoutMs);
        waiters.push({ test, resolve: (e) => (clearTimeout(timer), resolve(e)) });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`sync client exited (${code}) before the event; events ${JSON.stringify(events)}; stderr ${stderr}`));
        });
      });
    },
  };
}
