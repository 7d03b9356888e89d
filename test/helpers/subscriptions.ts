// A graphql-ws client (the `graphql-ws` package over `ws`) for subscription tests: what a
// subscriber received, in order, and how its connection closed.
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

export interface Received {
  data: Record<string, any> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, any>;
  /** Date.now() when it arrived */
  at: number;
}

export interface Subscriber {
  received: Received[];
  /** how the connection closed (once it has) */
  closed: Promise<{ code: number; reason: string }>;
  /** set when the server ended the subscription with errors */
  error: unknown;
  /** resolves with the first received item (from `from` on) that matches, failing after `timeoutMs` */
  until(match: (r: Received) => boolean, timeoutMs?: number): Promise<Received>;
  dispose(): Promise<void>;
}

export const wsUrlOf = (httpUrl: string) => httpUrl.replace(/^http/, "ws");

export function subscriber(httpUrl: string, connectionParams: Record<string, unknown> | undefined, query: string, variables: Record<string, unknown> = {}): Subscriber {
  const received: Received[] = [];
  let error: unknown = null;
  let closedResolve!: (v: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((r) => (closedResolve = r));
  const client: Client = createClient({
    url: wsUrlOf(httpUrl),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    on: { closed: (event) => closedResolve({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason) }) },
    onNonLazyError: () => {},
  });
  client.subscribe<Record<string, any>, Record<string, any>>(
    { query, variables },
    {
      next: (value) => void received.push({ ...(value as Omit<Received, "at">), at: Date.now() }),
      error: (e) => void (error = e),
      complete: () => {},
    },
  );
  const result: Subscriber = {
    received,
    closed,
    get error() {
      return error;
    },
    async until(match, timeoutMs = 10_000) {
      const started = Date.now();
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        if (error) throw new Error(`the subscription ended: ${JSON.stringify(error)}`);
        if (Date.now() - started > timeoutMs) throw new Error(`nothing matching arrived within ${timeoutMs} ms; received: ${JSON.stringify(received.map((r) => r.data))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    dispose: () => client.dispose() as Promise<void>,
  };
  return result;
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
