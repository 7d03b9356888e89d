// Raw HTTP for the limits and GraphQL-over-HTTP tests: any method, body, media type and headers,
// with the status, headers and body text kept as they came (the body parsed when it is JSON).
import type { TestServer } from "./server.ts";

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

export interface RawRequest {
  method?: string;
  /** URL search parameters (GET) */
  params?: Record<string, string>;
  /** a string is sent as is; anything else as JSON with Content-Type: application/json */
  body?: unknown;
  /** demo key label; null for no Authorization header (default FINANCE_BUREAU) */
  as?: string | null;
  headers?: Record<string, string>;
  url?: string;
}

export async function send(server: TestServer, request: RawRequest): Promise<RawResponse> {
  const url = new URL(request.url ?? server.url);
  for (const [k, v] of Object.entries(request.params ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = {};
  const as = request.as === undefined ? "FINANCE_BUREAU" : request.as;
  if (as) headers.authorization = `Bearer ${server.keys[as]}`;
  let body: string | undefined;
  if (typeof request.body === "string") body = request.body;
  else if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers["content-type"] = "application/json";
  }
  const res = await fetch(url, { method: request.method ?? (body === undefined ? "GET" : "POST"), headers: { ...headers, ...request.headers }, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** The one error of a refused request, checked for the shape every refusal has: no data, a request id. */
export function refusedWith(res: RawResponse, status: number): { message: string; extensions: Record<string, unknown> } {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text.slice(0, 500)}`);
  if (res.body?.data !== undefined) throw new Error(`a refusal carries no data: ${res.text.slice(0, 500)}`);
  if (res.body.errors?.length !== 1) throw new Error(`expected one error: ${res.text.slice(0, 500)}`);
  const error = res.body.errors[0];
  if (error.extensions?.requestId !== res.headers.get("x-request-id")) throw new Error(`the error's requestId is not the request's: ${res.text.slice(0, 500)}`);
  return error;
}
